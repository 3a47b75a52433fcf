package dev.wgroam.local;

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
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/*
 * What was tried (DynamoDB Local 2.6.1, SDK 2.40.2, Temurin 25, this machine kind):
 *
 * - In-process, DynamoDBEmbedded.create(true) (true = no telemetry): starts in about 0.9 s and
 *   does everything these tests need, streams included. But its dynamoDbClient() and
 *   dynamoDbStreamsClient() are proxies implementing the SDK v2 interfaces over the emulator's
 *   engine, not SDK clients: no region, credentials, HTTP client, timeouts, JSON marshalling or
 *   error unmarshalling take part, and it garbles times (a table's CreationDateTime came back in
 *   the year 58868). Tests through it would check less of what the adapters really send.
 * - ServerRunner (-inMemory -disableTelemetry -port N) serves over HTTP, but binds every
 *   interface and leaves picking a free port (and its race) to the caller.
 * - So this class assembles the handler that ServerRunner.createServer builds (in memory, one
 *   database per access key and region, no transient-status delays) behind its own Jetty 12
 *   connector on 127.0.0.1 and a port the kernel picks. Telemetry is configured only by
 *   ServerRunner and DynamoDBEmbedded, so here it is never on. `ss -ltn` shows it on
 *   127.0.0.1 only. Start-up, server and both SDK clients: 0.83 s (three runs, cold JVM), about
 *   what in-process takes; the first CreateTable takes about 0.5 s more, later ones tens of ms.
 * - Streams over HTTP: DescribeStream, GetShardIterator (TRIM_HORIZON) and GetRecords work, with
 *   NEW_AND_OLD_IMAGES (old image on MODIFY). The streams client's images are
 *   software.amazon.awssdk.services.dynamodb.model.AttributeValue maps, the type the codecs read.
 * - The emulator's worker threads are not daemons and outlive its shutdown(), so a JVM that uses
 *   it ends only by System.exit (Surefire's fork does); a shutdown hook then closes the clients,
 *   the port and the database.
 * - Harmless noise on stderr: SLF4J finds no binding (the SDK logs to nothing), and the emulator's
 *   v1 SDK, used for streams, says JAXB is unavailable.
 */

/**
 * DynamoDB Local for local mode and the tests: one emulator per JVM, started on first use and
 * stopped at JVM exit, listening on loopback only, with SDK v2 clients configured as the
 * deployables configure theirs (explicit region, static credentials, URL-connection HTTP client,
 * both timeouts). Each user creates its own table, so tests may run in any order.
 */
public final class DynamoDbLocal {

    /** DynamoDB Local accepts only letters and digits in an access key id. */
    public static final String ACCESS_KEY_ID = "wgroamlocal";
    public static final String SECRET_ACCESS_KEY = "local-secret";
    private static final Region REGION = Region.EU_WEST_1;
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_TABLE_NAME_LENGTH = 255;

    private final Server server;
    private final LocalDynamoDBRequestHandler requestHandler;
    private final URI endpoint;
    private final Duration startUpTime;
    private final SdkHttpClient httpClient;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbStreamsClient streams;
    private final AtomicInteger tablesCreated = new AtomicInteger();

    private static DynamoDbLocal shared;
    private static Exception startFailure;

    private DynamoDbLocal() throws Exception {
        long started = System.nanoTime();
        // As ServerRunner.createServer builds it for -inMemory -sharedDb: in memory, no database path,
        // one database for every access key and region (as a global table looks to its readers),
        // no delayed transient statuses.
        requestHandler = new LocalDynamoDBRequestHandler(0, true, null, true, false);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new LocalDynamoDBServerHandler(requestHandler, null));
        server.start();
        endpoint = URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "dynamodb-local-stop"));

        httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .build();
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
        // One attempt per call: a test sees exactly what the emulator answered.
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .apiCallTimeout(API_CALL_TIMEOUT)
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .build();
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(endpoint).region(REGION).credentialsProvider(credentials)
                .httpClient(httpClient).overrideConfiguration(overrides)
                .build();
        streams = DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint).region(REGION).credentialsProvider(credentials)
                .httpClient(httpClient).overrideConfiguration(overrides)
                .build();
        startUpTime = Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * The emulator of this JVM, started on the first call. If it cannot start, this and every
     * later call throw, each with the original cause.
     */
    public static synchronized DynamoDbLocal shared() {
        if (shared == null && startFailure == null) {
            try {
                shared = new DynamoDbLocal();
                System.err.printf("DynamoDB Local listening on %s, started in %d ms%n",
                        shared.endpoint, shared.startUpTime.toMillis());
            } catch (Exception e) {
                startFailure = e;
            }
        }
        if (startFailure != null) {
            throw new IllegalStateException("DynamoDB Local did not start: " + startFailure, startFailure);
        }
        return shared;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public DynamoDbStreamsClient streams() {
        return streams;
    }

    /** Where the emulator listens, e.g. {@code http://127.0.0.1:41893}, for code that builds its own clients. */
    public URI endpoint() {
        return endpoint;
    }

    /** The region the clients are configured with; DynamoDB Local keeps one database per access key and region. */
    public Region region() {
        return REGION;
    }

    /** From the start of the emulator until both clients were built. */
    public Duration startUpTime() {
        return startUpTime;
    }

    /**
     * Creates a new, empty table from {@link TableSchema#createTableRequest} and returns its
     * description once it is ACTIVE. The name is unique in this JVM and ends with {@code hint}
     * (e.g. the test's name), reduced to the characters table names allow.
     */
    public TableDescription createTable(String hint) {
        String prefix = "wgroam-" + tablesCreated.incrementAndGet() + "-";
        String readable = hint.replaceAll("[^A-Za-z0-9_.-]", "_");
        String name = prefix + readable.substring(0, Math.min(readable.length(), MAX_TABLE_NAME_LENGTH - prefix.length()));
        TableDescription created = dynamoDb.createTable(TableSchema.createTableRequest(name)).tableDescription();
        if (created.tableStatus() == TableStatus.ACTIVE) {
            return created;
        }
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamoDb).build()) {
            return waiter.waitUntilTableExists(b -> b.tableName(name)).matched().response()
                    .orElseThrow(() -> new IllegalStateException("table " + name + " did not become ACTIVE"))
                    .table();
        }
    }

    public void deleteTable(String name) {
        dynamoDb.deleteTable(b -> b.tableName(name));
    }

    /** Also runs when the clients could not be built: the server is up by then. */
    private void stop() {
        for (AutoCloseable client : new AutoCloseable[] {dynamoDb, streams, httpClient}) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception e) {
                    System.err.println("DynamoDB Local harness: a client did not close: " + e);
                }
            }
        }
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("DynamoDB Local at " + endpoint + " did not stop cleanly: " + e);
        }
        requestHandler.shutdown();
    }
}
