package dev.wgroam.cli;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import dev.wgroam.table.TableSchema;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local for the CLI's tests, served over HTTP on loopback so that the CLI's own SDK client
 * (region, credentials, marshalling, errors) takes part: the handler local mode's
 * {@code dev.wgroam.local.DynamoDbLocal} assembles (in memory, one database for every access key
 * and region), behind a Jetty connector on 127.0.0.1 and a port the kernel picks. The CLI module
 * cannot depend on local mode, hence this copy of its few lines. One per JVM; its threads end with
 * the test JVM.
 */
public final class LocalDynamoDb {

    private static LocalDynamoDb shared;

    private final URI endpoint;
    private final DynamoDbClient dynamoDb;
    private final AtomicInteger tables = new AtomicInteger();

    private LocalDynamoDb() throws Exception {
        LocalDynamoDBRequestHandler handler = new LocalDynamoDBRequestHandler(0, true, null, true, false);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new LocalDynamoDBServerHandler(handler, null));
        server.start();
        endpoint = URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
        // One attempt per call: a test sees exactly what the emulator answered.
        dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("wgroamlocal", "local-secret")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(20))
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
    }

    public static synchronized LocalDynamoDb shared() {
        if (shared == null) {
            try {
                shared = new LocalDynamoDb();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start: " + e, e);
            }
        }
        return shared;
    }

    /** Where it listens, for {@code --endpoint}. */
    public URI endpoint() {
        return endpoint;
    }

    /** A client for the tests' own reads and writes beside the CLI's. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** A new, empty wg-roam table (DynamoDB Local creates it ACTIVE) whose name ends with {@code hint}. */
    public String createTable(String hint) {
        String name = "wgroam-cli-" + tables.incrementAndGet() + "-" + hint.replaceAll("[^A-Za-z0-9_.-]", "_");
        dynamoDb.createTable(TableSchema.createTableRequest(name.substring(0, Math.min(name.length(), 200))));
        return name.substring(0, Math.min(name.length(), 200));
    }
}
