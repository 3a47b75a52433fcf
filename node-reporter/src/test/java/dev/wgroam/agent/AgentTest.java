package dev.wgroam.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.config.AgentConfig;
import dev.wgroam.agent.config.ConfigParser;
import dev.wgroam.agent.control.ControlProtocol;
import dev.wgroam.agent.health.HealthPort;
import dev.wgroam.agent.health.SysfsLinkState;
import dev.wgroam.agent.heartbeat.HeartbeatSender;
import dev.wgroam.agent.host.CommandRunner;
import dev.wgroam.agent.table.AgentTable;
import dev.wgroam.agent.table.TableRead;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.table.ItemKind;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.wireguard.PeerKey;
import dev.wgroam.testing.MovableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The agent's loops, driven one step at a time against a modelled host, table and clock. */
class AgentTest {

    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final String KEY_CLIENT = PeerKey.of(bytes(1)).base64();
    static final String KEY_SELF = PeerKey.of(bytes(9)).base64();
    static final String KEY_PEER = PeerKey.of(bytes(8)).base64();

    static byte[] bytes(int first) {
        byte[] key = new byte[32];
        key[0] = (byte) first;
        return key;
    }


    /** Answers exactly `wg show <iface> dump` from the current model; anything else fails the test. */
    static final class FakeWg implements CommandRunner {
        final Map<String, String> dumps = new HashMap<>();

        @Override
        public String run(List<String> argv, String stdin) {
            if (argv.size() == 4 && argv.get(0).equals("wg") && argv.get(1).equals("show") && argv.get(3).equals("dump")
                    && dumps.containsKey(argv.get(2))) {
                return dumps.get(argv.get(2));
            }
            throw new AssertionError("unexpected command " + argv);
        }
    }

    static final class FakeTable implements AgentTable {
        final List<Map<String, AttributeValue>> written = new ArrayList<>();
        List<Owner> owners = List.of();
        List<NodeRecord> nodes = List.of();
        boolean down;

        @Override
        public void put(Map<String, AttributeValue> item) {
            written.add(item);
        }

        @Override
        public TableRead<Owner> owners() {
            if (down) {
                throw new IllegalStateException("Unable to execute HTTP request: connect timed out");
            }
            return new TableRead<>(owners, List.of());
        }

        @Override
        public TableRead<NodeRecord> nodes() {
            return new TableRead<>(nodes, List.of());
        }
    }

    static final class RecordingRoutes implements RouteKeeper {
        final List<List<RouteEntry>> reconciled = new ArrayList<>();
        final List<List<RouteEntry>> pushed = new ArrayList<>();
        long failedApplies;

        @Override
        public String applyPushed(List<RouteEntry> entries, Instant now) {
            pushed.add(entries);
            return ControlProtocol.OK + " " + entries.size() + " applied\n";
        }

        @Override
        public void reconcile(List<RouteEntry> owners, List<NodeRecord> nodes, Instant now) {
            reconciled.add(owners);
        }

        @Override
        public AppliedRoutes applied() {
            return new AppliedRoutes(reconciled.isEmpty() ? 0 : reconciled.get(reconciled.size() - 1).size(), 7, T0);
        }

        @Override
        public long failedApplies() {
            return failedApplies;
        }
    }

    /** One heartbeat as the sender received it. */
    record Beat(Instant at, long applyFailures) {
    }

    /** Records the beats it sends; while {@code down}, fails as an unreachable CloudWatch would. */
    static final class FakeHeartbeat implements HeartbeatSender {
        final List<Beat> sent = new ArrayList<>();
        boolean down;

        @Override
        public void beat(Instant now, long applyFailures) {
            if (down) {
                throw new IllegalStateException("Unable to execute HTTP request: connect timed out");
            }
            sent.add(new Beat(now, applyFailures));
        }
    }

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(T0);
    final FakeWg wg = new FakeWg();
    final FakeTable table = new FakeTable();
    final RecordingRoutes routes = new RecordingRoutes();
    final FakeHeartbeat heartbeat = new FakeHeartbeat();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    Agent agent;

    Agent agent() throws IOException {
        for (String iface : List.of("clients", "backbone")) {
            Files.createDirectories(dir.resolve("net").resolve(iface));
            Files.writeString(dir.resolve("net").resolve(iface).resolve("flags"), "0x1091\n");
        }
        AgentConfig config = ConfigParser.parse(Map.of("node.id", "node-a", "node.name", "vpn-a", "region", "eu-west-1",
                "backbone.address", "10.99.0.1/32", "backbone.endpoint", "203.0.113.10:51821",
                "control.socket", dir.resolve("agent.sock").toString()));
        agent = new Agent(new Agent.Parts(config, clock, new AgentLog(new PrintStream(log, true, StandardCharsets.UTF_8), clock),
                new WireGuard(wg), table, routes, heartbeat, new SysfsLinkState(dir.resolve("net")),
                new HealthPort(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))));
        return agent;
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    static String dump(String publicKey, String... peers) {
        StringBuilder s = new StringBuilder(PeerKey.of(bytes(99)).base64() + "\t" + publicKey + "\t51820\toff\n");
        for (String p : peers) {
            s.append(p).append('\n');
        }
        return s.toString();
    }

    static String peer(String key, String allowed, Instant handshake) {
        return key + "\t(none)\t198.51.100.7:40000\t" + allowed + "\t" + handshake.getEpochSecond() + "\t100\t200\toff";
    }

    private List<Map<String, AttributeValue>> drained(ItemKind kind) {
        return table.written.stream().filter(i -> ItemKind.of(i) == kind).toList();
    }

    @Test
    void reconcileThenPoll_claimsOnlyWhatCanWin_andHandsOwnersToTheRoutes() throws IOException {
        Agent agent = agent();
        wg.dumps.put("backbone", dump(KEY_SELF, peer(KEY_PEER, "10.99.0.2/32", T0.minusSeconds(30))));
        table.owners = List.of(new Owner(new Subject.Client(PeerKey.of(bytes(1))), Cidr.parse("10.50.0.7/32"),
                new NodeId("node-b"), new NodeName("vpn-b"), T0.minusSeconds(8), 4, T0, null));

        agent.reconcile();
        wg.dumps.put("clients", dump(KEY_SELF, peer(KEY_CLIENT, "10.50.0.7/32", T0.minusSeconds(5))));
        agent.poll();
        clock.now = T0.plusSeconds(1);
        wg.dumps.put("clients", dump(KEY_SELF, peer(KEY_CLIENT, "10.50.0.7/32", T0.minusSeconds(1))));
        agent.poll();
        waitForWrites(1);

        assertEquals(List.of(List.of(new RouteEntry(Cidr.parse("10.50.0.7/32"), new NodeId("node-b"), 4))), routes.reconciled);
        List<Map<String, AttributeValue>> observations = drained(ItemKind.OBSERVATION);
        assertEquals(1, observations.size(), "the first handshake is within the margin of the owner's; the second wins");
        Observation claim = ObservationItem.fromItem(observations.get(0));
        assertEquals(T0.minusSeconds(1), claim.latestHandshake());
    }

    @Test
    void reconcile_whenTheTableIsDown_keepsRoutesAndClosesHealthAfterThreeIntervals() throws IOException {
        Agent agent = agent();
        wg.dumps.put("backbone", dump(KEY_SELF, peer(KEY_PEER, "10.99.0.2/32", T0.minusSeconds(30))));
        wg.dumps.put("clients", dump(KEY_SELF));
        agent.reconcile();
        agent.poll();
        assertTrue(agent.healthOpen(), log.toString(StandardCharsets.UTF_8));

        table.down = true;
        clock.now = T0.plusSeconds(60);
        agent.reconcile();
        agent.poll();
        assertTrue(agent.healthOpen(), "one missed reconcile is not an outage");
        clock.now = T0.plusSeconds(91);
        agent.reconcile();
        agent.poll();

        assertFalse(agent.healthOpen());
        assertEquals(1, routes.reconciled.size(), "no reconcile applied while the table is unreachable");
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("keeping the last routes"));
    }

    @Test
    void poll_whenClientsInterfaceGoesDown_closesTheHealthPort() throws IOException {
        Agent agent = agent();
        wg.dumps.put("backbone", dump(KEY_SELF));
        wg.dumps.put("clients", dump(KEY_SELF));
        agent.reconcile();
        agent.poll();
        assertTrue(agent.healthOpen());

        Files.writeString(dir.resolve("net/clients/flags"), "0x1090\n");
        agent.poll();

        assertFalse(agent.healthOpen());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("interface clients is down"));
    }

    @Test
    void push_goesToTheRoutes_andHostileUpdatesDoNot() throws IOException {
        agent().start();
        Path socket = dir.resolve("agent.sock");

        String reply = ControlProtocol.call(socket, "wgr1|node-b|10.50.0.7/32=0@5", 4096);
        String refused = ControlProtocol.call(socket, "wgr1|node-b|10.50.0.7/32=0@5;reboot", 4096);

        assertTrue(reply.startsWith("OK"), reply);
        assertTrue(refused.startsWith("FAILED refused"), refused);
        assertEquals(List.of(List.of(new RouteEntry(Cidr.parse("10.50.0.7/32"), new NodeId("node-b"), 5))), routes.pushed);
    }

    @Test
    void heartbeat_writesTheNodeRecordWithTheBackboneKeyAndSendsTheMetric() throws IOException {
        Agent agent = agent();
        wg.dumps.put("backbone", dump(KEY_SELF));
        agent.heartbeat();
        waitForWrites(1);

        NodeRecord record = NodeRecordItem.fromItem(drained(ItemKind.NODE).get(0));
        assertEquals(KEY_SELF, record.backboneKey().base64());
        assertEquals(new NodeId("node-a"), record.node());
        assertEquals(T0, record.heartbeat());
        assertEquals(List.of(new Beat(T0, 0)), heartbeat.sent);
    }

    @Test
    void heartbeat_sendsTheApplyFailuresSinceTheLastBeatSent_andKeepsThemThroughAFailedOne() throws IOException {
        Agent agent = agent();
        wg.dumps.put("backbone", dump(KEY_SELF));
        routes.failedApplies = 2;
        agent.heartbeat();
        clock.now = T0.plusSeconds(60);
        agent.heartbeat();
        routes.failedApplies = 3;
        heartbeat.down = true;
        clock.now = T0.plusSeconds(120);
        agent.heartbeat();
        routes.failedApplies = 5;
        heartbeat.down = false;
        clock.now = T0.plusSeconds(180);
        agent.heartbeat();

        assertEquals(List.of(new Beat(T0, 2), new Beat(T0.plusSeconds(60), 0), new Beat(T0.plusSeconds(180), 3)),
                heartbeat.sent, "counted once each, reset once sent, carried over a beat that failed");
    }

    private void waitForWrites(int count) {
        agent.flushForTest();
        assertTrue(table.written.size() >= count, "written: " + table.written.size());
    }

    @Test
    void aStaleIndexRead_doesNotUndoANewerPushedOwner() throws IOException {
        Agent agent = agent();
        wg.dumps.put("backbone", dump(KEY_SELF));
        Owner staleB = new Owner(new Subject.Client(PeerKey.of(bytes(1))), Cidr.parse("10.50.0.7/32"),
                new NodeId("node-b"), new NodeName("vpn-b"), T0.minusSeconds(8), 4, T0, null);
        table.owners = List.of(staleB);
        agent.applyPushed("wgr1|node-a|10.50.0.7/32=0@5");
        agent.reconcile();

        wg.dumps.put("clients", dump(KEY_SELF, peer(KEY_CLIENT, "10.50.0.7/32", T0.minusSeconds(1))));
        agent.poll();
        agent.flushForTest();
        clock.now = T0.plusSeconds(2);
        wg.dumps.put("clients", dump(KEY_SELF, peer(KEY_CLIENT, "10.50.0.7/32", T0.plusSeconds(1))));
        agent.poll();
        agent.flushForTest();

        assertEquals(1, drained(ItemKind.OBSERVATION).size(),
                "owned here since v5: one lease refresh, no claims against the stale v4 owner");
    }
}
