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
import dev.wgroam.table.NodeRecordItem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failover function's status items and node reads against DynamoDB Local. */
class FailoverStoreDynamoTest {

    @Test
    void statusesAreWrittenRead_andListed_besideTheNodeRecords() {
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        String table = dynamo.createTable("failover").tableName();
        DynamoFailoverStore store = new DynamoFailoverStore(dynamo.dynamoDb(), table, e -> { throw e; });
        var record = NodeAlarmsMotoTest.node("i-0aaaaaaaaaaaaaaa1");
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(NodeRecordItem.toItem(record)));
        NodeStatus failed = new NodeStatus(record.node(), new NodeName("vpn-a"), new Region("eu-west-1"), NodeState.FAILED,
                "alarm wg-roam/f/heartbeat/" + record.node(), Instant.now().truncatedTo(ChronoUnit.SECONDS), 128);

        assertNull(store.status(record.node()));
        store.put(failed);

        assertEquals(failed, store.status(record.node()));
        assertEquals(List.of(failed), store.statuses());
        assertEquals(List.of(record), store.nodes());
        assertNull(store.status(new NodeId("node-other")));
    }
}
