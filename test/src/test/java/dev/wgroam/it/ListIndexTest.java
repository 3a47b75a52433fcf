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
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.aws.table.TableLists;
import dev.wgroam.table.TableSchema;
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
 * each list holds exactly the items of its kind, no other kind leaks into it, and nothing a node
 * writes (node records, observations) is in any list. Also the reads of node items, which go by
 * exact key (BatchGetItem) or into one node's partition, and the registry as consumers read it.
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
    private final List<NodeApproval> approvals = NODES.stream().map(SampleFleet::approval).toList();
    private final List<RegisteredClient> clients = List.of(SampleFleet.registered(CLIENT_1), SampleFleet.registered(CLIENT_2));

    @BeforeEach
    void writeEveryKind() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        client1Observations.forEach(o -> items.add(ObservationItem.toItem(o)));
        items.add(ObservationItem.toItem(client2Observation));
        nodeRecords.forEach(n -> items.add(NodeRecordItem.toItem(n)));
        owners.forEach(o -> items.add(OwnerItem.toItem(o)));
        statuses.forEach(s -> items.add(NodeStatusItem.toItem(s)));
        items.add(FleetSettingsItem.toItem(SampleFleet.SETTINGS, T0));
        approvals.forEach(a -> items.add(NodeApprovalItem.toItem(a)));
        for (RegisteredClient c : clients) {
            items.add(RegisteredClientItem.toItem(c));
            items.add(RegisteredClientItem.claimItem(RegisteredClientItem.addressClaimKey(c.address()), c));
            items.add(RegisteredClientItem.claimItem(RegisteredClientItem.nameClaimKey(c.name()), c));
        }
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
    void observationsOfOneClient_byExactKey_holdEachNodesObservation_andNothingForNodesThatSawNone() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        NODES.forEach(n -> keys.add(ObservationItem.key(n.id(), CLIENT_2)));
        NODES.forEach(n -> keys.add(ObservationItem.key(n.id(), CLIENT_1)));
        List<MalformedItemException> malformed = new ArrayList<>();

        List<Observation> read = TableLists.byKeys(table.dynamoDb(), table.name(), keys, ObservationItem::fromItem,
                malformed::add);

        Set<Observation> expected = new java.util.HashSet<>(client1Observations);
        expected.add(client2Observation);
        assertEquals(expected, Set.copyOf(read));
        assertEquals(4, read.size());
        assertEquals(List.of(), malformed);
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
    void approvals_holdEveryApproval_andNothingElse() {
        List<Map<String, AttributeValue>> listed = list(TableSchema.APPROVALS);

        assertEquals(Set.of(ItemKind.APPROVAL), kinds(listed));
        assertEquals(Set.copyOf(approvals), listed.stream().map(NodeApprovalItem::fromItem).collect(Collectors.toSet()));
        assertEquals(approvals.size(), listed.size());
    }

    @Test
    void clients_holdEveryRegisteredClient_andNotTheirClaims() {
        List<Map<String, AttributeValue>> listed = list(TableSchema.CLIENTS);

        assertEquals(Set.of(ItemKind.CLIENT), kinds(listed));
        assertEquals(Set.copyOf(clients), listed.stream().map(RegisteredClientItem::fromItem).collect(Collectors.toSet()));
        assertEquals(clients.size(), listed.size());
    }

    @Test
    void theRegistry_readsAsWritten_withNothingRefused() {
        List<MalformedItemException> malformed = new ArrayList<>();

        Registry registry = TableLists.registry(table.dynamoDb(), table.name(), malformed::add);

        assertEquals(SampleFleet.SETTINGS, registry.settings().orElseThrow());
        assertEquals(Set.copyOf(approvals), Set.copyOf(registry.approvals().values()));
        assertEquals(Set.copyOf(clients), Set.copyOf(registry.clients().values()));
        assertEquals(List.of(), registry.refusals());
        assertEquals(List.of(), malformed);
    }

    @Test
    void everyListedItem_isInExactlyOneList_andNothingANodeWritesIsInAny() {
        int listedKinds = owners.size() + statuses.size() + approvals.size() + clients.size();
        int listed = list(TableSchema.OWNERS).size() + list(TableSchema.STATUSES).size()
                + list(TableSchema.APPROVALS).size() + list(TableSchema.CLIENTS).size();
        List<Map<String, AttributeValue>> inIndex = table.dynamoDb().scanPaginator(b -> b.tableName(table.name())
                .indexName(TableSchema.LIST_INDEX)).items().stream().toList();

        assertEquals(listedKinds, listed);
        assertEquals(listedKinds, inIndex.size());
        assertEquals(Set.of(ItemKind.OWNER, ItemKind.STATUS, ItemKind.APPROVAL, ItemKind.CLIENT), kinds(inIndex));
    }
}
