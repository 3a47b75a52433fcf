package dev.wgroam.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.functions.ownership.OwnershipHandler;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The ownership function's whole-process cold start, driven by bench/ownership-cold-start.sh:
 * {@code setup ENDPOINT TABLE} creates the table and one node record per region in an emulator;
 * {@code reset ENDPOINT TABLE} removes the claimed client's owner so the next invoke changes it;
 * {@code invoke EVENT} does what the Lambda runtime does on a cold start: build the handler from
 * the environment, deserialize the event, handle it.
 */
public final class ColdStart {

    static final PeerKey CLIENT = new PeerKey("q5LlyN0p0ZZq3qBvVvYQ1bZ3F8sE2x9rLkQeN3m6WkA=");

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" -> {
                DynamoDbClient dynamoDb = client(args[1]);
                dynamoDb.createTable(TableSchema.createTableRequest(args[2]));
                for (String region : List.of("eu-west-1", "us-east-1")) {
                    byte[] key = new byte[32];
                    key[0] = (byte) region.length();
                    key[1] = (byte) region.charAt(0);
                    dynamoDb.putItem(r -> r.tableName(args[2]).item(NodeRecordItem.toItem(new NodeRecord(
                            new NodeId("node-" + region), new NodeName("vpn-" + region), new dev.wgroam.fleet.Region(region),
                            PeerKey.of(key), Cidr.parse("10.99.0.1/32"), Endpoint.parse("203.0.113.1:51821"), List.of(),
                            false, "", Instant.now(), "0.1.0", AppliedRoutes.NONE))));
                }
            }
            case "reset" -> client(args[1]).deleteItem(r -> r.tableName(args[2]).key(OwnerItem.key(new Subject.Client(CLIENT))));
            case "invoke" -> {
                long start = System.nanoTime();
                OwnershipHandler handler = new OwnershipHandler();
                long built = System.nanoTime();
                DynamodbEvent event;
                try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
                    event = LambdaEventSerializers.serializerFor(DynamodbEvent.class, ColdStart.class.getClassLoader())
                            .fromJson(in);
                }
                long read = System.nanoTime();
                StreamsEventResponse response = handler.handleRequest(event, null);
                long handled = System.nanoTime();
                System.err.printf("in-process %.0f ms: handler built %.0f ms, event read %.0f ms, handled %.0f ms;"
                                + " failures=%s%n", (handled - start) / 1e6, (built - start) / 1e6, (read - built) / 1e6,
                        (handled - read) / 1e6, response.getBatchItemFailures());
            }
            default -> throw new IllegalArgumentException("setup | reset | invoke");
        }
    }

    private static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
    }
}
