package dev.wgroam.it;

import dev.wgroam.local.DynamoDbLocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.report.OwnerView;
import dev.wgroam.agent.report.ReportPolicy;
import dev.wgroam.agent.report.Reporter;
import dev.wgroam.agent.report.WriteQueue;
import dev.wgroam.agent.table.DynamoAgentTable;
import dev.wgroam.agent.table.TableRead;
import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.TableLists;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The agent's side of the table against DynamoDB Local: its writes land where the function reads them. */
class AgentTableDynamoTest {

    static final NodeId SELF = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890");
    static final Region EU = new Region("eu-west-1");
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final DynamoDbClient dynamoDb = DynamoDbLocal.shared().dynamoDb();
    final String table = DynamoDbLocal.shared().createTable("wg-roam").tableName();
    final DynamoAgentTable agentTable = new DynamoAgentTable(dynamoDb, table);

    static PeerKey key(int n) {
        byte[] raw = new byte[32];
        raw[0] = (byte) n;
        return PeerKey.of(raw);
    }

    @Test
    void reportedClaims_areListedUnderTheirClient_andOnlyWhatCanWinIsWritten() {
        WriteQueue queue = new WriteQueue(agentTable::put, 1000, () -> 0.5, e -> { throw e; });
        Reporter reporter = new Reporter(SELF, new NodeName("vpn-a"), EU,
                new ReportPolicy(SELF, Duration.ofMinutes(15), Duration.ofSeconds(5)), queue);
        List<PeerState> peers = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            peers.add(new PeerState(key(n), Endpoint.parse("198.51.100.7:4000" + n),
                    List.of(Cidr.parse("10.50.0." + n + "/32")), now.minusSeconds(10), 1, 2, 0));
        }
        Map<Cidr, OwnerView> owners = Map.of(Cidr.parse("10.50.0.3/32"),
                new OwnerView(new NodeId("node-b"), 1, now.minusSeconds(7)));

        reporter.poll(peers, owners, now);
        queue.drain(now);

        for (int n = 1; n <= 2; n++) {
            List<Observation> listed = TableLists.read(dynamoDb, table, TableSchema.observationsOf(key(n)),
                    ObservationItem::fromItem, e -> { throw e; });
            assertEquals(1, listed.size());
            assertEquals(SELF, listed.get(0).node());
            assertEquals(now.minusSeconds(10), listed.get(0).latestHandshake());
        }
        assertEquals(List.of(), TableLists.read(dynamoDb, table, TableSchema.observationsOf(key(3)),
                ObservationItem::fromItem, e -> { throw e; }), "a claim within the owner's margin is not written");
    }

    @Test
    void reconcileReads_ownersAndNodes_skippingMalformedItems() {
        Owner owner = new Owner(new Subject.Client(key(1)), Cidr.parse("10.50.0.1/32"), SELF, new NodeName("vpn-a"),
                now, 3, now, null);
        NodeRecord record = new NodeRecord(SELF, new NodeName("vpn-a"), EU, key(9), Cidr.parse("10.99.0.1/32"),
                Endpoint.parse("203.0.113.10:51821"), List.of(Cidr.parse("172.31.0.0/16")), true, "i-0a1b2c3d4e5f67890",
                now, "0.1.0", new AppliedRoutes(4, 12, now));
        agentTable.put(OwnerItem.toItem(owner));
        agentTable.put(NodeRecordItem.toItem(record));
        Map<String, AttributeValue> broken = new HashMap<>(OwnerItem.toItem(new Owner(new Subject.Client(key(2)),
                Cidr.parse("10.50.0.2/32"), SELF, new NodeName("vpn-a"), now, 1, now, null)));
        broken.put(OwnerItem.VERSION, AttributeValue.fromS("; rm -rf /"));
        dynamoDb.putItem(r -> r.tableName(table).item(broken));

        TableRead<Owner> owners = agentTable.owners();
        TableRead<NodeRecord> nodes = agentTable.nodes();

        assertEquals(List.of(owner), owners.items());
        assertEquals(1, owners.malformed().size());
        MalformedItemException e = owners.malformed().get(0);
        assertEquals("version", e.attribute());
        assertTrue(e.getMessage().contains("owner#client#"), e.getMessage());
        assertEquals(List.of(record), nodes.items());
    }
}
