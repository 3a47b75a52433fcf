package dev.wgroam.it;

import static dev.wgroam.it.SampleFleet.CLIENT_1;
import static dev.wgroam.it.SampleFleet.CLIENT_2;
import static dev.wgroam.it.SampleFleet.NODES;
import static dev.wgroam.it.SampleFleet.NODE_A;
import static dev.wgroam.it.SampleFleet.NODE_B;
import static dev.wgroam.it.SampleFleet.NODE_C;
import static dev.wgroam.it.SampleFleet.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.table.ItemKind;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.TableLists;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Queries of the {@value TableSchema#LIST_INDEX} index over a table holding every kind of item:
 * each list holds exactly the items of its kind, and no other kind leaks into it. Also the one
 * partition query, a node's observations.
 */
class ListIndexTest {

    @RegisterExtension
    final FreshTable table = new FreshTable();

    private final List<Observation> client1Observations = List.of(
            SampleFleet.observation(NODE_C, CLIENT_1, T0.plusSeconds(5)),
            SampleFleet.observation(NODE_A, CLIENT_1, T0),
            SampleFleet.observation(NODE_B, CLIENT_1, T0.plusSeconds(120)));
    private final Observation client2Observation = SampleFleet.observation(NODE_A, CLIENT_2, T0.plusSeconds(7));
    private final List<NodeRecord> nodeRecords = NODES.stream().map(SampleFleet::nodeRecord).toList();
    private final List<Owner> owners = List.of(
            SampleFleet.clientOwner(CLIENT_1, NODE_B, 3, NODE_A),
            SampleFleet.clientOwner(CLIENT_2, NODE_A, 1, null),
            SampleFleet.vpcOwner("10.1.0.0/16", NODE_A, 1));
    private final List<NodeStatus> statuses = List.of(
            SampleFleet.status(NODE_A, NodeState.ACTIVE, "restored after hold-down"),
            SampleFleet.status(NODE_C, NodeState.DRAINED, "operator: kernel upgrade"));

    @BeforeEach
    void writeEveryKind() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        client1Observations.forEach(o -> items.add(ObservationItem.toItem(o)));
        items.add(ObservationItem.toItem(client2Observation));
        nodeRecords.forEach(n -> items.add(NodeRecordItem.toItem(n)));
        owners.forEach(o -> items.add(OwnerItem.toItem(o)));
        statuses.forEach(s -> items.add(NodeStatusItem.toItem(s)));
        items.forEach(item -> table.dynamoDb().putItem(b -> b.tableName(table.name()).item(item)));
    }

    /** Every item under one listKey, in index order; pages of two, so lists span pages. */
    private List<Map<String, AttributeValue>> list(String listKey) {
        return table.dynamoDb().queryPaginator(b -> b.tableName(table.name()).indexName(TableSchema.LIST_INDEX)
                        .keyConditionExpression("#listKey = :listKey")
                        .expressionAttributeNames(Map.of("#listKey", TableSchema.LIST_KEY))
                        .expressionAttributeValues(Map.of(":listKey", AttributeValue.fromS(listKey)))
                        .limit(2))
                .items().stream().toList();
    }

    private static Set<ItemKind> kinds(List<Map<String, AttributeValue>> items) {
        return items.stream().map(ItemKind::of).collect(Collectors.toSet());
    }

    @Test
    void observationsOfOneClient_holdEveryNodesObservation_ofThatClientOnly_inNodeOrder() {
        List<Map<String, AttributeValue>> listed = list(TableSchema.observationsOf(CLIENT_1));

        assertEquals(Set.of(ItemKind.OBSERVATION), kinds(listed));
        List<Observation> decoded = listed.stream().map(ObservationItem::fromItem).toList();
        assertEquals(Set.copyOf(client1Observations), Set.copyOf(decoded));
        assertEquals(3, decoded.size());
        assertEquals(Set.of(CLIENT_1), decoded.stream().map(Observation::client).collect(Collectors.toSet()));
        // listSort is node#<node id>, so the index returns them ordered by node id.
        assertEquals(decoded.stream().map(Observation::node).sorted().toList(),
                decoded.stream().map(Observation::node).toList());
    }

    @Test
    void observationsOfAnotherClient_holdOnlyItsOwnObservation() {
        List<Observation> decoded = list(TableSchema.observationsOf(CLIENT_2)).stream()
                .map(ObservationItem::fromItem).toList();

        assertEquals(List.of(client2Observation), decoded);
    }

    @Test
    void observationsOfAnUnseenClient_areEmpty() {
        PeerKey unseen = SampleFleet.key(0x33);

        assertEquals(List.of(), list(TableSchema.observationsOf(unseen)));
    }

    @Test
    void observationsByOneNode_holdEveryClientItSaw_andNotItsNodeRecord() {
        List<MalformedItemException> malformed = new ArrayList<>();

        List<Observation> byA = TableLists.observationsBy(table.dynamoDb(), table.name(), NODE_A.id(), malformed::add);

        assertEquals(Set.of(client1Observations.get(1), client2Observation), Set.copyOf(byA));
        assertEquals(2, byA.size());
        assertEquals(List.of(), malformed);
    }

    @Test
    void nodes_holdEveryNodeRecord_andNothingElse() {
        List<Map<String, AttributeValue>> listed = list(TableSchema.NODES);

        assertEquals(Set.of(ItemKind.NODE), kinds(listed));
        assertEquals(nodeRecords.size(), listed.size());
        assertEquals(Set.copyOf(nodeRecords), listed.stream().map(NodeRecordItem::fromItem).collect(Collectors.toSet()));
    }

    @Test
    void owners_holdClientAndVpcOwners_andNothingElse() {
        List<Map<String, AttributeValue>> listed = list(TableSchema.OWNERS);

        assertEquals(Set.of(ItemKind.OWNER), kinds(listed));
        assertEquals(owners.size(), listed.size());
        assertEquals(Set.copyOf(owners), listed.stream().map(OwnerItem::fromItem).collect(Collectors.toSet()));
    }

    @Test
    void statuses_holdEveryNodeStatus_andNothingElse() {
        List<Map<String, AttributeValue>> listed = list(TableSchema.STATUSES);

        assertEquals(Set.of(ItemKind.STATUS), kinds(listed));
        assertEquals(statuses.size(), listed.size());
        assertEquals(Set.copyOf(statuses), listed.stream().map(NodeStatusItem::fromItem).collect(Collectors.toSet()));
    }

    @Test
    void everyItem_isInExactlyOneList() {
        int written = client1Observations.size() + 1 + nodeRecords.size() + owners.size() + statuses.size();
        int listed = list(TableSchema.observationsOf(CLIENT_1)).size() + list(TableSchema.observationsOf(CLIENT_2)).size()
                + list(TableSchema.NODES).size() + list(TableSchema.OWNERS).size() + list(TableSchema.STATUSES).size();
        long inIndex = table.dynamoDb().scanPaginator(b -> b.tableName(table.name()).indexName(TableSchema.LIST_INDEX))
                .items().stream().count();

        assertEquals(written, listed);
        assertEquals(written, inIndex);
    }
}
