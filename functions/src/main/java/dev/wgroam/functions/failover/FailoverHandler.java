package dev.wgroam.functions.failover;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wgroam.aws.accelerator.GlobalAcceleratorWeights;
import dev.wgroam.aws.sdk.FunctionClients;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.operator.OperatorAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.globalaccelerator.GlobalAcceleratorClient;

/**
 * Lambda entry point of the failover function, for the EventBridge events of its node region:
 * "CloudWatch Alarm State Change" for this fleet's alarms, and the scheduled sweep. Built once per container.
 */
public final class FailoverHandler implements RequestHandler<ScheduledEvent, Void> {

    static final String ALARM_STATE_CHANGE = "CloudWatch Alarm State Change";

    private final FailoverFunction function;

    public FailoverHandler() {
        this(fromEnvironment(System.getenv()));
    }

    public FailoverHandler(FailoverFunction function) {
        this.function = function;
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        if (ALARM_STATE_CHANGE.equals(event.getDetailType())) {
            Map<String, Object> detail = event.getDetail();
            Object state = detail.get("state") instanceof Map<?, ?> s ? s.get("value") : null;
            Object timestamp = detail.get("state") instanceof Map<?, ?> s ? s.get("timestamp") : null;
            function.onAlarm(String.valueOf(detail.get("alarmName")), String.valueOf(state),
                    timestamp == null ? Instant.now() : Instant.parse(normalize(timestamp.toString())));
        } else if (OperatorAction.DETAIL_TYPE.equals(event.getDetailType())) {
            function.operatorEvent(event.getDetail());
        } else {
            function.sweep();
        }
        return null;
    }

    /** CloudWatch writes "2026-11-24T12:00:00.000+0000"; Instant wants "Z" or "+00:00". */
    static String normalize(String timestamp) {
        return timestamp.replaceAll("\\+0000$", "Z");
    }

    static FailoverFunction fromEnvironment(Map<String, String> env) {
        FailoverConfig config = FailoverConfig.from(env);
        Telemetry telemetry = new Telemetry(System.out, Clock.systemUTC(), "failover", config.metricNamespace());
        FunctionClients clients = new FunctionClients(DefaultCredentialsProvider.builder().build(), config.endpointOverride());
        String region = config.region().name();
        GlobalAcceleratorWeights weights = new GlobalAcceleratorWeights(
                clients.build(GlobalAcceleratorClient.builder(), GlobalAcceleratorWeights.API_REGION), 6,
                Duration.ofMillis(500), Thread::sleep);
        VpcRouteTables routeTables = new VpcRouteTables(clients.build(Ec2Client.builder(), region));
        return new FailoverFunction(config.region(),
                new DynamoFailoverStore(clients.build(DynamoDbClient.builder(), region), config.table(),
                        e -> telemetry.warn("malformed item skipped", Map.of("error", e.getMessage()))),
                weights.group(config.endpointGroupArn()),
                new NodeAlarms(clients.build(CloudWatchClient.builder(), region), config.fleet(), config.metricNamespace()),
                (cidr, instance) -> routeTables.pointAt(config.fleet(), cidr, instance),
                config.clientCidr(), new FailoverPlan(config.holdDown()), telemetry, Clock.systemUTC());
    }
}
