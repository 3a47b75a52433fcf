package dev.wgroam.it;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.wgroam.table.TableSchema;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Local, in-process (no port), once per test JVM; each test gets a fresh table made from
 * {@link TableSchema#createTableRequest}. In-process DynamoDB Local serves tables, the index,
 * conditional writes and streams to SDK v2 clients.
 */
public final class LocalDynamo {

    private static AmazonDynamoDBLocal local;

    private LocalDynamo() {
    }

    private static synchronized AmazonDynamoDBLocal local() {
        if (local == null) {
            local = DynamoDBEmbedded.create();
            Runtime.getRuntime().addShutdownHook(new Thread(local::shutdown));
        }
        return local;
    }

    public static DynamoDbClient dynamoDb() {
        return local().dynamoDbClient();
    }

    public static DynamoDbStreamsClient streams() {
        return local().dynamoDbStreamsClient();
    }

    /** Creates a table with the project's schema under a unique name and returns the name. */
    public static String newTable() {
        String name = "wg-roam-" + UUID.randomUUID();
        dynamoDb().createTable(TableSchema.createTableRequest(name));
        return name;
    }
}
