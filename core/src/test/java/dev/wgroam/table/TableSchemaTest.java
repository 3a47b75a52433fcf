package dev.wgroam.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class TableSchemaTest {

    private final CreateTableRequest request = TableSchema.createTableRequest("t");

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    @Test
    void createTableRequest_namesTheTable() {
        assertEquals("t", request.tableName());
    }

    @Test
    void createTableRequest_keysTheTableByPkAndSk() {
        assertEquals(List.of(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)), request.keySchema());
    }

    @Test
    void createTableRequest_definesExactlyTheKeyAttributesAsStrings() {
        // DynamoDB rejects definitions of attributes that no key or index uses.
        Map<String, ScalarAttributeType> definitions = request.attributeDefinitions().stream()
                .collect(Collectors.toMap(AttributeDefinition::attributeName, AttributeDefinition::attributeType));
        assertEquals(Map.of("pk", ScalarAttributeType.S, "sk", ScalarAttributeType.S,
                "listKey", ScalarAttributeType.S, "listSort", ScalarAttributeType.S), definitions);
        assertEquals(4, request.attributeDefinitions().size());
    }

    @Test
    void createTableRequest_hasTheListsIndexOnListKeyAndListSortProjectingAll() {
        assertEquals(1, request.globalSecondaryIndexes().size());
        GlobalSecondaryIndex lists = request.globalSecondaryIndexes().get(0);
        assertEquals("lists", lists.indexName());
        assertEquals(TableSchema.LIST_INDEX, lists.indexName());
        assertEquals(List.of(key("listKey", KeyType.HASH), key("listSort", KeyType.RANGE)), lists.keySchema());
        assertEquals(ProjectionType.ALL, lists.projection().projectionType());
        assertNull(lists.provisionedThroughput(), "an on-demand table's index has no provisioned throughput");
    }

    @Test
    void createTableRequest_streamsNewAndOldImages() {
        assertTrue(request.streamSpecification().streamEnabled());
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, request.streamSpecification().streamViewType());
    }

    @Test
    void createTableRequest_billsOnDemand() {
        assertEquals(BillingMode.PAY_PER_REQUEST, request.billingMode());
        assertNull(request.provisionedThroughput());
    }
}
