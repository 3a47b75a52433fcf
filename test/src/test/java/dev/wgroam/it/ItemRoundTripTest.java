package dev.wgroam.it;

import static dev.wgroam.it.SampleFleet.CLIENT_1;
import static dev.wgroam.it.SampleFleet.NODE_A;
import static dev.wgroam.it.SampleFleet.NODE_B;
import static dev.wgroam.it.SampleFleet.NODE_C;
import static dev.wgroam.it.SampleFleet.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.table.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every item kind written with its codec's {@code toItem}, read back with GetItem by its codec's
 * {@code key(...)}, and decoded with {@code fromItem}: the table keeps each attribute as written
 * (types included) and the codecs' keys address the items they write.
 */
class ItemRoundTripTest {

    @RegisterExtension
    final FreshTable table = new FreshTable();

    private void put(Map<String, AttributeValue> item) {
        table.dynamoDb().putItem(b -> b.tableName(table.name()).item(item));
    }

    /** A strongly consistent GetItem, as a writer re-reading its own item would do. */
    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        var response = table.dynamoDb().getItem(b -> b.tableName(table.name()).key(key).consistentRead(true));
        assertTrue(response.hasItem(), () -> "no item at " + key);
        return response.item();
    }

    @Test
    void observation_readBackByKey_decodesToWhatWasWritten() {
        Observation written = SampleFleet.observation(NODE_B, CLIENT_1, T0);
        put(ObservationItem.toItem(written));

        Map<String, AttributeValue> stored = get(ObservationItem.key(NODE_B.id(), CLIENT_1));

        assertEquals(ObservationItem.toItem(written), stored);
        assertEquals(written, ObservationItem.fromItem(stored));
    }

    @Test
    void nodeRecord_decodesToWhatWasWritten() {
        NodeRecord written = SampleFleet.nodeRecord(NODE_A);
        put(NodeRecordItem.toItem(written));

        Map<String, AttributeValue> stored = get(NodeRecordItem.key(NODE_A.id()));

        assertEquals(NodeRecordItem.toItem(written), stored);
        assertEquals(written, NodeRecordItem.fromItem(stored));
    }

    /** What a node writes is in no list, and within what its role may write (dynamodb:Attributes). */
    @Test
    void nodeRecordAndObservation_areUnlisted_andHoldOnlyTheAttributesANodeMayWrite() {
        put(NodeRecordItem.toItem(SampleFleet.nodeRecord(NODE_A)));
        put(ObservationItem.toItem(SampleFleet.observation(NODE_A, CLIENT_1, T0)));

        for (Map<String, AttributeValue> stored : List.of(get(NodeRecordItem.key(NODE_A.id())),
                get(ObservationItem.key(NODE_A.id(), CLIENT_1)))) {
            assertFalse(stored.containsKey(TableSchema.LIST_KEY), () -> "listed: " + stored);
            assertFalse(stored.containsKey(TableSchema.LIST_SORT), () -> "listed: " + stored);
            assertTrue(TableSchema.NODE_WRITTEN_ATTRIBUTES.containsAll(stored.keySet()),
                    () -> "beyond the node's attributes: " + stored.keySet());
        }
    }

    @Test
    void fleetSettings_decodeToWhatWasWritten() {
        put(FleetSettingsItem.toItem(SampleFleet.SETTINGS, T0));

        Map<String, AttributeValue> stored = get(FleetSettingsItem.KEY);

        assertEquals(FleetSettingsItem.toItem(SampleFleet.SETTINGS, T0), stored);
        assertEquals(SampleFleet.SETTINGS, FleetSettingsItem.fromItem(stored));
    }

    @Test
    void approval_withVpcCidrsAndAcceleratorEndpoint_decodesToWhatWasWritten() {
        NodeApproval written = SampleFleet.approval(NODE_A);
        put(NodeApprovalItem.toItem(written));

        Map<String, AttributeValue> stored = get(NodeApprovalItem.key(NODE_A.id()));

        assertEquals(NodeApprovalItem.toItem(written), stored);
        assertEquals(written, NodeApprovalItem.fromItem(stored));
    }

    @Test
    void approval_withoutVpcCidrsOrAcceleratorEndpoint_keepsAnEmptyListAndNoEndpointId() {
        NodeApproval written = SampleFleet.approval(NODE_C);
        put(NodeApprovalItem.toItem(written));

        Map<String, AttributeValue> stored = get(NodeApprovalItem.key(NODE_C.id()));

        assertTrue(stored.get("vpcCidrs").hasL(), () -> "vpcCidrs: " + stored.get("vpcCidrs"));
        assertTrue(stored.get("vpcCidrs").l().isEmpty(), () -> "vpcCidrs: " + stored.get("vpcCidrs"));
        assertFalse(stored.containsKey("gaEndpointId"), () -> "gaEndpointId: " + stored.get("gaEndpointId"));
        assertEquals(written, NodeApprovalItem.fromItem(stored));
    }

    @Test
    void registeredClient_andItsClaims_decodeToWhatWasWritten() {
        RegisteredClient written = SampleFleet.registered(CLIENT_1);
        put(RegisteredClientItem.toItem(written));
        put(RegisteredClientItem.claimItem(RegisteredClientItem.addressClaimKey(written.address()), written));
        put(RegisteredClientItem.claimItem(RegisteredClientItem.nameClaimKey(written.name()), written));

        Map<String, AttributeValue> stored = get(RegisteredClientItem.key(CLIENT_1));

        assertEquals(RegisteredClientItem.toItem(written), stored);
        assertEquals(written, RegisteredClientItem.fromItem(stored));
        assertEquals(CLIENT_1.base64(), get(RegisteredClientItem.addressClaimKey(written.address())).get("client").s());
        assertEquals(CLIENT_1.base64(), get(RegisteredClientItem.nameClaimKey(written.name())).get("client").s());
    }

    @Test
    void clientOwner_firstVersion_decodesToWhatWasWritten_withoutPreviousOwner() {
        Owner written = SampleFleet.clientOwner(CLIENT_1, NODE_A, 1, null);
        put(OwnerItem.toItem(written));

        Map<String, AttributeValue> stored = get(OwnerItem.key(written.subject()));

        assertEquals(OwnerItem.toItem(written), stored);
        assertEquals(written, OwnerItem.fromItem(stored));
    }

    @Test
    void clientOwner_laterVersion_decodesToWhatWasWritten_withPreviousOwner() {
        Owner written = SampleFleet.clientOwner(CLIENT_1, NODE_B, 5, NODE_A);
        put(OwnerItem.toItem(written));

        assertEquals(written, OwnerItem.fromItem(get(OwnerItem.key(written.subject()))));
    }

    @Test
    void vpcOwner_decodesToWhatWasWritten() {
        Owner written = SampleFleet.vpcOwner("10.1.0.0/16", NODE_A, 2);
        put(OwnerItem.toItem(written));

        Map<String, AttributeValue> stored = get(OwnerItem.key(written.subject()));

        assertEquals(OwnerItem.toItem(written), stored);
        assertEquals(written, OwnerItem.fromItem(stored));
    }

    @Test
    void nodeStatus_decodesToWhatWasWritten() {
        NodeStatus written = SampleFleet.status(NODE_B, NodeState.FAILED, "wg-roam-heartbeat-vpn-us-east-1a");
        put(NodeStatusItem.toItem(written));

        Map<String, AttributeValue> stored = get(NodeStatusItem.key(NODE_B.id()));

        assertEquals(NodeStatusItem.toItem(written), stored);
        assertEquals(written, NodeStatusItem.fromItem(stored));
    }

    @Test
    void nodeRecordAndObservations_ofOneNode_shareItsPartitionWithoutOverwritingEachOther() {
        NodeRecord record = SampleFleet.nodeRecord(NODE_A);
        Observation observation = SampleFleet.observation(NODE_A, CLIENT_1, T0);
        put(NodeRecordItem.toItem(record));
        put(ObservationItem.toItem(observation));

        assertEquals(record, NodeRecordItem.fromItem(get(NodeRecordItem.key(NODE_A.id()))));
        assertEquals(observation, ObservationItem.fromItem(get(ObservationItem.key(NODE_A.id(), CLIENT_1))));
    }
}
