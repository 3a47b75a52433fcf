package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.table.TableSchema;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** The table that {@link TableSchema#createTableRequest} creates, as DynamoDB Local describes it. */
class TableSchemaTest {

    @RegisterExtension
    final FreshTable table = new FreshTable();

    private TableDescription describe() {
        return table.dynamoDb().describeTable(b -> b.tableName(table.name())).table();
    }

    @Test
    void createTable_isActiveAndPaidPerRequest() {
        TableDescription described = describe();

        assertEquals(TableStatus.ACTIVE, described.tableStatus());
        assertEquals(BillingMode.PAY_PER_REQUEST, described.billingModeSummary().billingMode());
    }

    @Test
    void createTable_keysItemsByStringPkAndSk() {
        TableDescription described = describe();

        assertEquals(List.of(key(TableSchema.PARTITION_KEY, KeyType.HASH), key(TableSchema.SORT_KEY, KeyType.RANGE)),
                described.keySchema());
        assertEquals(Map.of(TableSchema.PARTITION_KEY, ScalarAttributeType.S, TableSchema.SORT_KEY, ScalarAttributeType.S,
                        TableSchema.LIST_KEY, ScalarAttributeType.S, TableSchema.LIST_SORT, ScalarAttributeType.S),
                described.attributeDefinitions().stream().collect(
                        Collectors.toMap(AttributeDefinition::attributeName, AttributeDefinition::attributeType)));
    }

    @Test
    void createTable_hasOnlyTheListsIndex_onListKeyAndListSort_projectingWholeItems() {
        TableDescription described = describe();

        assertEquals(1, described.globalSecondaryIndexes().size(), () -> "indexes: " + described.globalSecondaryIndexes());
        GlobalSecondaryIndexDescription lists = described.globalSecondaryIndexes().getFirst();
        assertEquals(TableSchema.LIST_INDEX, lists.indexName());
        assertEquals(List.of(key(TableSchema.LIST_KEY, KeyType.HASH), key(TableSchema.LIST_SORT, KeyType.RANGE)),
                lists.keySchema());
        assertEquals(ProjectionType.ALL, lists.projection().projectionType());
        assertEquals(IndexStatus.ACTIVE, lists.indexStatus());
        assertTrue(described.localSecondaryIndexes().isEmpty(), () -> "local indexes: " + described.localSecondaryIndexes());
    }

    @Test
    void createTable_streamsNewAndOldImages() {
        TableDescription described = describe();

        assertTrue(described.streamSpecification().streamEnabled());
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, described.streamSpecification().streamViewType());
        assertNotNull(described.latestStreamArn(), "latestStreamArn");

        StreamDescription stream = table.streams()
                .describeStream(b -> b.streamArn(described.latestStreamArn())).streamDescription();
        assertEquals(StreamStatus.ENABLED, stream.streamStatus());
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, stream.streamViewType());
        assertEquals(table.name(), stream.tableName());
        assertEquals(described.keySchema(), stream.keySchema());
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
