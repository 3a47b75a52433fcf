package dev.wgroam.functions.ownership;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.config.Environment;
import dev.wgroam.functions.telemetry.Telemetry;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Lambda entry point of the ownership function: the table's stream in, owner items and SSM route
 * updates out, partial batch response back. Everything is built once per container.
 */
public final class OwnershipHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final OwnershipFunction function;
    private final String table;

    public OwnershipHandler() {
        this(OwnershipConfig.from(Environment.of(System.getenv())));
    }

    private OwnershipHandler(OwnershipConfig config) {
        this(fromConfig(config), config.table());
    }

    /** @param table the table whose stream this function reads; records of any other are skipped */
    public OwnershipHandler(OwnershipFunction function, String table) {
        this.function = function;
        this.table = table;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return function.handle(StreamBatch.of(event, table));
    }

    static OwnershipFunction fromConfig(OwnershipConfig config) {
        Telemetry telemetry = new Telemetry(System.out, Clock.systemUTC(), "ownership", config.metricNamespace());
        SdkClients clients = new SdkClients(DefaultCredentialsProvider.builder().build(),
                config.dynamoDbEndpoint());
        DynamoDbClient dynamoDb = clients.build(DynamoDbClient.builder(), config.region());
        SdkClients ssmClients = clients.at(config.ssmEndpoint());
        SsmCommandSender sender = new SsmCommandSender(
                new SsmCommandSender.Settings(config.commandDocument(), config.fleetTagKey(), config.fleetTagValue(),
                        config.commandTimeoutSeconds(), "100%", "100%"),
                (Region region) -> ssmClients.build(SsmClient.builder(), region.name()));
        OwnershipStore store = new DynamoOwnershipStore(dynamoDb, config.table(),
                e -> telemetry.warn("malformed item skipped", Map.of("error", e.getMessage())));
        telemetry.info("ownership function configured", Map.of("table", config.table(),
                "document", config.commandDocument(), "fleet", config.fleetTagValue(),
                "skewMarginSeconds", config.skewMargin().toSeconds()));
        return new OwnershipFunction(store, sender, telemetry, Clock.systemUTC(), config.skewMargin(),
                config.maxPayloadChars());
    }
}
