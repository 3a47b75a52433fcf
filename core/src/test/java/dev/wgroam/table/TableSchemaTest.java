package dev.wgroam.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.ownership.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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

class TableSchemaTest implements Records.Providers {

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

    /** What the node role's IAM policy lets a node write must be exactly what its agent writes: no more, no less. */
    @Property
    void nodeWrittenAttributes_areExactlyWhatNodeRecordsAndObservationsHold(@ForAll("nodeRecords") NodeRecord record,
                                                                           @ForAll("observations") Observation observation) {
        Set<String> written = new TreeSet<>(NodeRecordItem.toItem(record).keySet());
        written.addAll(ObservationItem.toItem(observation).keySet());

        assertEquals(written, new TreeSet<>(TableSchema.NODE_WRITTEN_ATTRIBUTES));
    }

    @Test
    void nodeWrittenAttributes_nameEachAttributeOnce() {
        assertEquals(Set.copyOf(TableSchema.NODE_WRITTEN_ATTRIBUTES).size(), TableSchema.NODE_WRITTEN_ATTRIBUTES.size());
    }

    @Test
    void nodeWrittenAttributes_holdNoListKeyAndNothingTheOperatorDecides() {
        // Every attribute a node could use to join a list, or to say what it may route, stays out.
        List<String> forbidden = new ArrayList<>(List.of(TableSchema.LIST_KEY, TableSchema.LIST_SORT));
        forbidden.addAll(NodeApprovalItem.toItem(Samples.approval()).keySet());
        forbidden.addAll(RegisteredClientItem.toItem(Samples.client()).keySet());
        forbidden.addAll(OwnerItem.toItem(Samples.clientOwner()).keySet());
        forbidden.addAll(NodeStatusItem.toItem(Samples.status()).keySet());
        forbidden.addAll(List.of("clientPrefix", "vpcPrefixes", "vpcPrimary", "nodeName", "region", "gaEndpointId"));
        // What both sides carry by nature: the keys, the kind, the node's id, and its own backbone key
        // and address (believed only when they equal the approval's) and its client's key.
        forbidden.removeAll(List.of("pk", "sk", "kind", "node", "backboneKey", "backboneAddress", "client"));

        forbidden.forEach(name -> assertFalse(TableSchema.NODE_WRITTEN_ATTRIBUTES.contains(name), name));
    }
}
