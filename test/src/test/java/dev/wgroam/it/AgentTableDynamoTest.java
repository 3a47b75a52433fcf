package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.report.ReportPolicy;
import dev.wgroam.agent.report.Reporter;
import dev.wgroam.agent.report.WriteQueue;
import dev.wgroam.agent.routes.OwnerBook;
import dev.wgroam.agent.table.DynamoAgentTable;
import dev.wgroam.agent.table.TableRead;
import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.aws.table.TableLists;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.local.DynamoDbLocal;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The agent's side of the table against DynamoDB Local: its writes land where the function reads them. */
class AgentTableDynamoTest {

    static final NodeId SELF = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890");
    static final NodeId OTHER = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0b1c2d3e4f5a67891");
    static final Region EU = new Region("eu-west-1");
    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "203.0.113.100");
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final DynamoDbClient dynamoDb = DynamoDbLocal.shared().dynamoDb();
    final String table = DynamoDbLocal.shared().createTable("wg-roam").tableName();
    final DynamoAgentTable agentTable = new DynamoAgentTable(dynamoDb, table);

    AgentTableDynamoTest() {
        put(FleetSettingsItem.toItem(SETTINGS, now));
        put(NodeApprovalItem.toItem(approval(SELF, 1)));
        put(NodeApprovalItem.toItem(approval(OTHER, 2)));
        for (int n = 1; n <= 3; n++) {
            put(RegisteredClientItem.toItem(new RegisteredClient(key(n), address(n), new ClientName("client-" + n), now)));
        }
    }

    static PeerKey key(int n) {
        byte[] raw = new byte[32];
        raw[0] = (byte) n;
        return PeerKey.of(raw);
    }

    static Cidr address(int n) {
        return Cidr.parse("10.50.0." + n + "/32");
    }

    static NodeApproval approval(NodeId node, int n) {
        return new NodeApproval(node, new NodeName("vpn-" + n), EU, List.of(Cidr.parse("172.31.0.0/16")), key(100 + n),
                Cidr.parse("10.99.0." + n + "/32"), n == 1, NodeApproval.impliedBy(node).gaEndpointId(), Instant.EPOCH);
    }

    void put(Map<String, AttributeValue> item) {
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    /** The observations of {@code client} as the ownership function reads them: by exact key, one per approved node. */
    List<Observation> observationsOf(PeerKey client) {
        return TableLists.byKeys(dynamoDb, table, List.of(ObservationItem.key(SELF, client), ObservationItem.key(OTHER, client)),
                ObservationItem::fromItem, e -> { throw e; });
    }

    @Test
    void reportedClaims_landWhereTheFunctionReadsThem_andOnlyRegisteredClientsThatCanWinAreWritten() {
        WriteQueue queue = new WriteQueue(agentTable::put, 1000, () -> 0.5, e -> { throw e; });
        Reporter reporter = new Reporter(SELF, new ReportPolicy(SELF, Duration.ofMinutes(15), Duration.ofSeconds(5)), queue);
        List<PeerState> peers = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            peers.add(new PeerState(key(n), Endpoint.parse("198.51.100.7:4000" + n), List.of(address(n)),
                    now.minusSeconds(10), 1, 2, 0));
        }
        OwnerBook owners = new OwnerBook(Map.of(address(3),
                new OwnerBook.Entry(new RouteEntry(address(3), OTHER, 1), now.minusSeconds(7))), Map.of());
        Registry registry = agentTable.registry().value();

        Reporter.PollResult result = reporter.poll(peers, registry, owners, now);
        queue.drain(now);

        for (int n = 1; n <= 2; n++) {
            List<Observation> read = observationsOf(key(n));
            assertEquals(1, read.size());
            assertEquals(SELF, read.get(0).node());
            assertEquals(now.minusSeconds(10), read.get(0).latestHandshake());
        }
        assertEquals(List.of(), observationsOf(key(3)), "a claim within the owner's margin is not written");
        assertEquals(List.of(), observationsOf(key(4)), "an unregistered peer is never reported");
        assertEquals(1, result.unregistered());
    }

    @Test
    void status_isThisNodesOwnItemByKey_emptyWithoutOne_andAMalformedOneIsCountedNotBelieved() {
        assertEquals(java.util.Optional.empty(), agentTable.status(SELF).value());
        NodeStatus drained = new NodeStatus(SELF, new NodeName("vpn-1"), EU, NodeState.DRAINED, "operator: maintenance",
                now, 128, 0);
        put(NodeStatusItem.toItem(drained));
        put(NodeStatusItem.toItem(new NodeStatus(OTHER, new NodeName("vpn-2"), EU, NodeState.ACTIVE, "", now, 128, 128)));

        assertEquals(java.util.Optional.of(drained), agentTable.status(SELF).value());

        Map<String, AttributeValue> broken = new java.util.HashMap<>(NodeStatusItem.toItem(drained));
        broken.put("weight", AttributeValue.fromS("zero"));
        put(broken);
        var read = agentTable.status(SELF);
        assertEquals(java.util.Optional.empty(), read.value());
        assertEquals(1, read.malformed().count());
    }

    @Test
    void reconcileReads_theRegistry_ownersAndNodeRecordsByKey_skippingMalformedItems() {
        Owner owner = new Owner(new Subject.Client(key(1)), address(1), SELF, new NodeName("vpn-1"), now, 3, now, null);
        NodeRecord record = new NodeRecord(SELF, key(101), Cidr.parse("10.99.0.1/32"), Endpoint.parse("203.0.113.10:51821"),
                now, "0.1.0", new AppliedRoutes(4, 12, now));
        agentTable.put(OwnerItem.toItem(owner));
        agentTable.put(NodeRecordItem.toItem(record));
        Map<String, AttributeValue> broken = new HashMap<>(OwnerItem.toItem(new Owner(new Subject.Client(key(2)),
                address(2), SELF, new NodeName("vpn-1"), now, 1, now, null)));
        broken.put(OwnerItem.VERSION, AttributeValue.fromS("; rm -rf /"));
        dynamoDb.putItem(r -> r.tableName(table).item(broken));

        TableRead<List<Owner>> owners = agentTable.owners();
        TableRead<List<NodeRecord>> nodes = agentTable.nodeRecords(List.of(SELF, OTHER, SELF));
        TableRead<Registry> registry = agentTable.registry();

        assertEquals(List.of(owner), owners.value());
        assertEquals(1, owners.malformed().count());
        MalformedItemException e = owners.malformed().first().get(0);
        assertEquals("version", e.attribute());
        assertTrue(e.getMessage().contains("owner#client#"), e.getMessage());
        assertEquals(List.of(record), nodes.value(), "OTHER has written no record yet");
        assertEquals(Set.of(SELF, OTHER), registry.value().approvals().keySet());
        assertEquals(3, registry.value().clients().size());
        assertEquals(0, registry.malformed().count());
    }
}
