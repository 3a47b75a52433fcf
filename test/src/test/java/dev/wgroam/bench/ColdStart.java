package dev.wgroam.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.functions.ownership.OwnershipHandler;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.table.TableSchema;
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
 * {@code setup ENDPOINT TABLE} creates the table and the registry (fleet settings, the claimed client,
 * one approved node per region) in an emulator;
 * {@code reset ENDPOINT TABLE} removes the claimed client's owner so the next invoke changes it;
 * {@code invoke EVENT} does what the Lambda runtime does on a cold start: build the handler from
 * the environment, deserialize the event, handle it.
 */
public final class ColdStart {

    static final PeerKey CLIENT = new PeerKey("q5LlyN0p0ZZq3qBvVvYQ1bZ3F8sE2x9rLkQeN3m6WkA=");
    static final String CLAIMING_NODE = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0f9e8d7c6b5a43210";

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" -> {
                DynamoDbClient dynamoDb = client(args[1]);
                dynamoDb.createTable(TableSchema.createTableRequest(args[2]));
                // The registry the claim in events/ownership-claim.json needs: its node approved, its client
                // registered; a second node in another region, so the push goes to two regions.
                put(dynamoDb, args[2], FleetSettingsItem.toItem(new FleetSettings(Cidr.parse("10.50.0.0/16"),
                        Cidr.parse("10.99.0.0/16"), "a1.awsglobalaccelerator.com"), Instant.now()));
                put(dynamoDb, args[2], RegisteredClientItem.toItem(new RegisteredClient(CLIENT, Cidr.parse("10.50.0.7/32"),
                        new ClientName("callserver-7"), Instant.now())));
                int n = 0;
                for (String node : List.of(CLAIMING_NODE, "arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60718")) {
                    n++;
                    byte[] key = new byte[32];
                    key[0] = (byte) n;
                    NodeId id = new NodeId(node);
                    put(dynamoDb, args[2], NodeApprovalItem.toItem(new NodeApproval(id, new NodeName("vpn-" + n),
                            new dev.wgroam.fleet.Region(NodeApproval.impliedBy(id).region()), List.of(), PeerKey.of(key),
                            Cidr.parse("10.99.0." + n + "/32"), false, id.shortForm(), Instant.now())));
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

    private static void put(DynamoDbClient dynamoDb, String table, java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }
}
