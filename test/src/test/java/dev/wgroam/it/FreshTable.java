package dev.wgroam.it;

import dev.wgroam.local.DynamoDbLocal;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A new wg-roam table in the JVM's {@link DynamoDbLocal} for each test, deleted after it:
 * {@code @RegisterExtension final FreshTable table = new FreshTable();}, then {@code table.name()}.
 */
public final class FreshTable implements BeforeEachCallback, AfterEachCallback {

    private final DynamoDbLocal local = DynamoDbLocal.shared();
    private TableDescription description;

    @Override
    public void beforeEach(ExtensionContext context) {
        description = local.createTable(context.getRequiredTestMethod().getName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (description != null) {
            local.deleteTable(description.tableName());
            description = null;
        }
    }

    public String name() {
        return current().tableName();
    }

    /** The table as CreateTable described it. */
    public TableDescription description() {
        return current();
    }

    /** The ARN of the table's stream. */
    public String streamArn() {
        return current().latestStreamArn();
    }

    public DynamoDbClient dynamoDb() {
        return local.dynamoDb();
    }

    public DynamoDbStreamsClient streams() {
        return local.streams();
    }

    private TableDescription current() {
        if (description == null) {
            throw new IllegalStateException("no table: FreshTable creates one per test; register it with @RegisterExtension");
        }
        return description;
    }
}
