package dev.wgroam.functions.failover;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wgroam.aws.accelerator.GlobalAcceleratorWeights;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.functions.config.Environment;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.operator.OperatorAction;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.globalaccelerator.GlobalAcceleratorClient;

/**
 * Lambda entry point of the failover function, for the EventBridge events of its node region:
 * "CloudWatch Alarm State Change" for this fleet's alarms, operator actions, and the scheduled
 * sweep. Each event is parsed at the edge ({@link FailoverEvents}); anything else is counted and
 * ignored. Built once per container.
 */
public final class FailoverHandler implements RequestHandler<ScheduledEvent, Void> {

    private final FailoverEvents events;
    private final FailoverFunction function;

    public FailoverHandler() {
        this(Environment.of(System.getenv()));
    }

    private FailoverHandler(Environment env) {
        this(FailoverConfig.from(env));
    }

    private FailoverHandler(FailoverConfig config) {
        this(new FailoverEvents(config.fleet(), Clock.systemUTC()), fromConfig(config));
    }

    public FailoverHandler(FailoverEvents events, FailoverFunction function) {
        this.events = events;
        this.function = function;
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        function.handle(events.parse(event));
        return null;
    }

    static FailoverFunction fromConfig(FailoverConfig config) {
        Telemetry telemetry = new Telemetry(System.out, Clock.systemUTC(), "failover", config.metricNamespace());
        SdkClients clients = new SdkClients(DefaultCredentialsProvider.builder().build(), config.endpointOverride());
        String region = config.region().name();
        GlobalAcceleratorWeights weights = new GlobalAcceleratorWeights(
                clients.build(GlobalAcceleratorClient.builder(), GlobalAcceleratorWeights.API_REGION), 6,
                Duration.ofMillis(500), Thread::sleep);
        telemetry.info("failover function configured", config.effective());
        return new FailoverFunction(config.region(),
                new DynamoFailoverStore(clients.build(DynamoDbClient.builder(), region), config.table(),
                        e -> telemetry.warn("malformed item skipped", Map.of("error", e.getMessage()))),
                weights.group(config.endpointGroupArn()),
                new NodeAlarms(clients.build(CloudWatchClient.builder(), region), config.fleet(), config.metricNamespace()),
                new VpcRouteTables(clients.build(Ec2Client.builder(), region), config.fleet()),
                config.clientCidr(), new FailoverPlan(config.holdDown()), telemetry, Clock.systemUTC());
    }
}
