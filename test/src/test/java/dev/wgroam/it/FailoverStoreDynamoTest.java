package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.failover.DynamoFailoverStore;
import dev.wgroam.local.DynamoDbLocal;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The failover function's status items and its reads of the registry against DynamoDB Local. */
class FailoverStoreDynamoTest {

    /** The backbone range of {@link NodeAlarmsMotoTest#approval}'s addresses. */
    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "203.0.113.100");

    @Test
    void statusesAreWrittenReadAndListed_andTheRegistryIsTheApprovals_notTheNodeRecords() {
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        String table = dynamo.createTable("failover").tableName();
        DynamoFailoverStore store = new DynamoFailoverStore(dynamo.dynamoDb(), table, e -> { throw e; });
        NodeApproval approval = NodeAlarmsMotoTest.approval("i-0aaaaaaaaaaaaaaa1");
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(FleetSettingsItem.toItem(SETTINGS, Instant.EPOCH)));
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(NodeApprovalItem.toItem(approval)));
        // A node record of a node nobody approved: the failover function never learns of it.
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(NodeRecordItem.toItem(SampleFleet.nodeRecord(SampleFleet.NODE_C))));
        NodeStatus failed = new NodeStatus(approval.node(), new NodeName("vpn-a"), new Region("eu-west-1"), NodeState.FAILED,
                "alarm wg-roam/f/heartbeat/" + approval.node(), Instant.now().truncatedTo(ChronoUnit.SECONDS), 128, 0);

        assertNull(store.status(approval.node()));
        store.put(failed);

        assertEquals(failed, store.status(approval.node()));
        assertEquals(List.of(failed), store.statuses());
        Registry registry = store.registry();
        assertEquals(Map.of(approval.node(), approval), registry.approvals());
        assertEquals(List.of(), registry.refusals());
        assertNull(store.status(new NodeId("node-other")));
    }
}
