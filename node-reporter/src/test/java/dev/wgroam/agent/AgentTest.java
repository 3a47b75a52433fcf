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
import dev.wgroam.agent.routes.OwnerBook;
import dev.wgroam.agent.routes.PushResult;
import dev.wgroam.agent.routes.Refusal;
import dev.wgroam.agent.table.InMemoryTable;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
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
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.table.ItemKind;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.testing.MovableClock;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static dev.wgroam.testing.Eventually.within;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The agent's loops, driven one step at a time against a modelled host, table and clock. */
class AgentTest {

    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final Region EU = new Region("eu-west-1");
    static final NodeId SELF = new NodeId("node-a");
    static final NodeId B = new NodeId("node-b");
    static final PeerKey CLIENT_KEY = PeerKey.of(bytes(1));
    static final String KEY_CLIENT = CLIENT_KEY.base64();
    static final String KEY_SELF = PeerKey.of(bytes(9)).base64();
    static final String KEY_PEER = PeerKey.of(bytes(8)).base64();
    static final Cidr CLIENT = Cidr.parse("10.50.0.7/32");
    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "203.0.113.100");

    static byte[] bytes(int first) {
        byte[] key = new byte[32];
        key[0] = (byte) first;
        return key;
    }

    static NodeApproval approval(NodeId node, String key, String backboneAddress) {
        return new NodeApproval(node, new NodeName("vpn-" + node), EU, List.of(), new PeerKey(key),
                Cidr.parse(backboneAddress), false, "", T0);
    }

    /** The table of a fleet of two: this node and B approved, one client registered, B's record. */
    static InMemoryTable fleetTable() {
        return new InMemoryTable().settings(SETTINGS)
                .approve(approval(SELF, KEY_SELF, "10.99.0.1/32"))
                .approve(approval(B, KEY_PEER, "10.99.0.2/32"))
                .register(new RegisteredClient(CLIENT_KEY, CLIENT, new ClientName("phone"), T0))
                .record(new NodeRecord(B, new PeerKey(KEY_PEER), Cidr.parse("10.99.0.2/32"),
                        Endpoint.parse("203.0.113.2:51821"), T0, "0.1.0", AppliedRoutes.NONE));
    }

    static Owner clientOwner(NodeId node, long version, Instant handshake) {
        return new Owner(new Subject.Client(CLIENT_KEY), CLIENT, node, new NodeName("vpn-" + node), handshake, version, T0,
                null);
    }

    /**
     * Keeps the owner book as the real keeper does and records what it was handed; while
     * {@code failWith} is set, reconciles and pushes throw it.
     */
    static final class RecordingRoutes implements RouteKeeper {
        final List<List<RouteEntry>> reconciled = new ArrayList<>();
        final List<List<RouteEntry>> pushed = new ArrayList<>();
        volatile List<NodeRecord> nodes = List.of();
        volatile Registry registry;
        volatile Throwable failWith;
        /** When set, a reconcile waits for it to open, after counting itself in {@link #entered}. */
        volatile CountDownLatch gate;
        final AtomicInteger entered = new AtomicInteger();
        OwnerBook book = OwnerBook.EMPTY;
        long failedApplies;
        long refusals;
        List<Refusal> fresh = List.of();
        /** What the agent last said: whether this node serves clients. */
        volatile boolean serving = true;

        private void failIfAsked() {
            if (failWith instanceof Error e) {
                throw e;
            }
            if (failWith instanceof RuntimeException e) {
                throw e;
            }
        }

        @Override
        public void serveClients(boolean serve) {
            serving = serve;
        }

        @Override
        public synchronized PushResult applyPushed(List<RouteEntry> entries, Instant now) {
            failIfAsked();
            pushed.add(entries);
            book = book.push(entries, now).book();
            return new PushResult(entries.stream()
                    .map(e -> new PushResult.Pushed(e, new PushResult.Outcome.Applied())).toList(), 0, List.of(), false);
        }

        @Override
        public synchronized void reconcile(List<OwnerBook.Entry> owners, Registry registry, List<NodeRecord> nodes,
                                           Instant now) {
            entered.incrementAndGet();
            CountDownLatch waitFor = gate;
            if (waitFor != null) {
                try {
                    waitFor.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            failIfAsked();
            reconciled.add(owners.stream().map(OwnerBook.Entry::route).toList());
            this.registry = registry;
            this.nodes = nodes;
            book = book.reconcile(owners, now, Duration.ofSeconds(30));
        }

        @Override
        public synchronized OwnerBook owners() {
            return book;
        }

        @Override
        public synchronized AppliedRoutes applied() {
            return new AppliedRoutes(reconciled.isEmpty() ? 0 : reconciled.get(reconciled.size() - 1).size(), 7, T0);
        }

        @Override
        public synchronized long failedApplies() {
            return failedApplies;
        }

        @Override
        public synchronized long refusals() {
            return refusals;
        }

        @Override
        public synchronized List<Refusal> takeNewRefusals() {
            List<Refusal> taken = fresh;
            fresh = List.of();
            return taken;
        }

        synchronized int reconciles() {
            return reconciled.size();
        }

        synchronized int pushes() {
            return pushed.size();
        }
    }

    /** One heartbeat as the sender received it. */
    record Beat(Instant at, HeartbeatSender.Counts counts) {
    }

    /** Records the beats it sends; while {@code failWith} is set, fails with it as an unreachable CloudWatch would. */
    static final class FakeHeartbeat implements HeartbeatSender {
        final List<Beat> sent = new ArrayList<>();
        volatile Throwable failWith;

        @Override
        public synchronized void beat(Instant now, Counts sinceLastBeat) {
            if (failWith instanceof Error e) {
                throw e;
            }
            if (failWith instanceof RuntimeException e) {
                throw e;
            }
            sent.add(new Beat(now, sinceLastBeat));
        }

        synchronized int beats() {
            return sent.size();
        }
    }

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(T0);
    final SimulatedHost wg = new SimulatedHost();
    InMemoryTable table = fleetTable();
    final RecordingRoutes routes = new RecordingRoutes();
    final FakeHeartbeat heartbeat = new FakeHeartbeat();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    Agent agent;

    Agent agent() throws IOException {
        return agent(Map.of());
    }

    /** An agent with the minimal configuration plus {@code more}. */
    Agent agent(Map<String, String> more) throws IOException {
        for (String iface : List.of("clients", "backbone")) {
            Files.createDirectories(dir.resolve("net").resolve(iface));
            Files.writeString(dir.resolve("net").resolve(iface).resolve("flags"), "0x1091\n");
        }
        Map<String, String> raw = new HashMap<>(Map.of("node.id", "node-a", "node.name", "vpn-a", "region", "eu-west-1",
                "backbone.address", "10.99.0.1/32", "backbone.endpoint", "203.0.113.10:51821",
                "control.socket", dir.resolve("agent.sock").toString()));
        raw.putAll(more);
        AgentConfig config = ConfigParser.parse(raw);
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

    /** A peer as an interface of this node shows it: its allowed IPs, its latest handshake, some traffic. */
    record SeenPeer(String key, String allowedIps, Instant handshake) {
    }

    static SeenPeer peer(String key, String allowed, Instant handshake) {
        return new SeenPeer(key, allowed, handshake);
    }

    /** {@code iface} on the modelled host is now an interface with {@code publicKey} and exactly these peers. */
    static void interfaceNow(SimulatedHost wg, String iface, String publicKey, SeenPeer... peers) {
        wg.wireguard(iface, PeerKey.of(bytes(99)), new PeerKey(publicKey), 51820);
        for (SeenPeer p : peers) {
            wg.byHand("wg", "set", iface, "peer", p.key(), "allowed-ips", p.allowedIps());
            wg.handshake(iface, p.key(), "198.51.100.7:40000", p.handshake());
            wg.transfer(iface, p.key(), 100, 200);
        }
    }

    String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    List<Map<String, AttributeValue>> drained(ItemKind kind) {
        return table.written.stream().filter(i -> ItemKind.of(i) == kind).toList();
    }

    @Test
    void reconcileThenPoll_claimsOnlyWhatCanWin_andHandsOwnersToTheRoutes() throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF, peer(KEY_PEER, "10.99.0.2/32", T0.minusSeconds(30)));
        table.owner(clientOwner(B, 4, T0.minusSeconds(8)));

        agent.reconcile();
        interfaceNow(wg, "clients", KEY_SELF, peer(KEY_CLIENT, "10.50.0.7/32", T0.minusSeconds(5)));
        agent.poll();
        clock.now = T0.plusSeconds(1);
        interfaceNow(wg, "clients", KEY_SELF, peer(KEY_CLIENT, "10.50.0.7/32", T0.minusSeconds(1)));
        agent.poll();
        agent.flushForTest();

        assertEquals(List.of(List.of(new RouteEntry(CLIENT, B, 4))), routes.reconciled);
        List<Map<String, AttributeValue>> observations = drained(ItemKind.OBSERVATION);
        assertEquals(1, observations.size(), "the first handshake is within the margin of the owner's; the second wins");
        Observation claim = ObservationItem.fromItem(observations.get(0));
        assertEquals(T0.minusSeconds(1), claim.latestHandshake());
        assertEquals(CLIENT_KEY, claim.client());
    }

    @Test
    void reconcile_readsTheRecordsOfTheOtherApprovedNodesByKey_andNoOthers() throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);
        table.record(new NodeRecord(new NodeId("node-x"), PeerKey.of(bytes(7)), Cidr.parse("10.99.0.7/32"),
                Endpoint.parse("203.0.113.7:51821"), T0, "0.1.0", AppliedRoutes.NONE));

        agent.reconcile();

        assertEquals(List.of(B), table.recordsAsked);
        assertEquals(List.of(B), routes.nodes.stream().map(NodeRecord::node).toList());
        assertEquals(List.of(SELF, B), List.copyOf(routes.registry.approvals().keySet()), "the routes get the registry read");
    }

    @Test
    void reconcile_whenTheTableIsDown_keepsRoutesAndClosesHealthAfterThreeIntervals() throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF, peer(KEY_PEER, "10.99.0.2/32", T0.minusSeconds(30)));
        interfaceNow(wg, "clients", KEY_SELF);
        agent.reconcile();
        agent.poll();
        assertTrue(agent.healthOpen(), logged());

        table.failReadsWith = new IllegalStateException("Unable to execute HTTP request: connect timed out");
        clock.now = T0.plusSeconds(60);
        agent.reconcile();
        agent.poll();
        assertTrue(agent.healthOpen(), "one missed reconcile is not an outage");
        clock.now = T0.plusSeconds(91);
        agent.reconcile();
        agent.poll();

        assertFalse(agent.healthOpen());
        assertEquals(1, routes.reconciled.size(), "no reconcile applied while the table is unreachable");
        assertTrue(logged().contains("keeping the last routes"));
    }

    @Test
    void reconcile_drainedAtWeightZero_sendsTheClientsAway_aRefusedDrainKeepsThem_andActiveServesAgain()
            throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);
        NodeName name = new NodeName("vpn-a");
        Region region = new Region("eu-west-1");

        table.status(new NodeStatus(SELF, name, region, NodeState.DRAINED, "operator: maintenance", T0, 128, 0));
        agent.reconcile();
        assertFalse(routes.serving, "steered away: its clients must rebind elsewhere");
        assertTrue(logged().contains("watchdog clients' peers removed"), logged());

        table.status(new NodeStatus(SELF, name, region, NodeState.FAILED, "alarm; not drained: last active endpoint",
                T0, 128, 128));
        agent.reconcile();
        assertTrue(routes.serving, "GA still sends them here: they stay");

        table.status(new NodeStatus(SELF, name, region, NodeState.DRAINED, "operator: maintenance", T0, 128, 0));
        agent.reconcile();
        table.status(new NodeStatus(SELF, name, region, NodeState.ACTIVE, "operator: undrain", T0, 128, 128));
        agent.reconcile();
        assertTrue(routes.serving);
        assertTrue(logged().contains("serving clients again"), logged());
    }

    @Test
    void reconcile_anotherNodesDrainedStatus_changesNothingHere() throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);
        table.status(new NodeStatus(B, new NodeName("vpn-b"), new Region("eu-west-1"), NodeState.DRAINED, "maintenance",
                T0, 128, 0));

        agent.reconcile();

        assertTrue(routes.serving);
    }

    @Test
    void reconcile_ignoresTheOwnerItemOfARotatedClient_evenWithAHigherVersion() throws IOException {
        PeerKey rotated = PeerKey.of(bytes(2));
        table.delete(RegisteredClientItem.key(CLIENT_KEY))
                .register(new RegisteredClient(rotated, CLIENT, new ClientName("phone"), T0))
                .owner(clientOwner(B, 9, T0))
                .owner(new Owner(new Subject.Client(rotated), CLIENT, SELF, new NodeName("vpn-a"), T0, 1, T0, null));
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);

        agent.reconcile();

        assertEquals(List.of(List.of(new RouteEntry(CLIENT, SELF, 1))), routes.reconciled,
                "the old key's item (v9 at B) is not the address's owner any more");
    }

    @Test
    void reconcileSignal_runsAReconcileAtOnce_andPushesNothing() throws Exception {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);

        String reply = agent.applyPushed(RouteUpdate.RECONCILE);

        assertEquals(ControlProtocol.Status.OK, ControlProtocol.Status.of(reply), reply);
        assertTrue(within(Duration.ofSeconds(5), () -> routes.reconciles() == 1), "one reconcile ran");
        assertEquals(0, routes.pushes());
    }

    @Test
    void burstOfReconcileSignals_isTheRunningReconcileAndOneMore() throws Exception {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);
        routes.gate = new CountDownLatch(1);
        agent.applyPushed(RouteUpdate.RECONCILE);
        assertTrue(within(Duration.ofSeconds(5), () -> routes.entered.get() == 1), "the first reconcile started");

        for (int i = 0; i < 99; i++) {
            agent.applyPushed(RouteUpdate.RECONCILE);
        }
        routes.gate.countDown();

        assertTrue(within(Duration.ofSeconds(5), () -> routes.reconciles() == 2), "the burst's reconcile ran");
        Thread.sleep(300);
        assertEquals(2, routes.reconciles(), "100 signals, two reconciles");
    }

    @Test
    void reconcile_withoutFleetSettings_keepsTheLastRoutes() throws IOException {
        table = new InMemoryTable().approve(approval(SELF, KEY_SELF, "10.99.0.1/32"));
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);

        agent.reconcile();

        assertEquals(List.of(), routes.reconciled);
        assertTrue(logged().contains("no fleet settings in the table"), logged());
    }

    @Test
    void reconcile_saysSoWhenThisNodesApprovalPinsAnotherBackboneKey() throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", PeerKey.of(bytes(42)).base64());

        agent.reconcile();

        assertTrue(logged().contains("this node's approval pins backbone key"), logged());
        assertTrue(logged().contains("other nodes do not believe this node's record"), logged());
    }

    @Test
    void reconcile_saysSoWhenThisNodeIsNotApproved() throws IOException {
        table.delete(NodeApprovalItem.key(SELF));
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);

        agent.reconcile();

        assertTrue(logged().contains("this node is not approved"), logged());
    }

    @Test
    void reconcile_logsNewRefusalsOnce_withTheCountSinceStart() throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);
        routes.refusals = 5;
        routes.fresh = List.of(new Refusal("0.0.0.0/0", Refusal.Reason.FORBIDDEN_PREFIX),
                new Refusal("10.99.0.2/32", Refusal.Reason.BACKBONE_ADDRESS),
                new Refusal("node-c", Refusal.Reason.RECORD_MISMATCH),
                new Refusal("node-d", Refusal.Reason.RECORD_MISMATCH),
                new Refusal("node-e", Refusal.Reason.RECORD_MISMATCH));

        agent.reconcile();
        agent.reconcile();

        String logged = logged();
        assertEquals(1, logged.lines().filter(l -> l.contains("not believed, nothing installed")).count(), logged);
        assertTrue(logged.contains("0.0.0.0/0 refused: a prefix no node ever routes"), logged);
        assertTrue(logged.contains("; and more (5 refusals since start)"), logged);
    }

    @Test
    void poll_whenClientsInterfaceGoesDown_closesTheHealthPort() throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);
        interfaceNow(wg, "clients", KEY_SELF);
        agent.reconcile();
        agent.poll();
        assertTrue(agent.healthOpen());

        Files.writeString(dir.resolve("net/clients/flags"), "0x1090\n");
        agent.poll();

        assertFalse(agent.healthOpen());
        assertTrue(logged().contains("interface clients is down"));
    }

    @Test
    void push_goesToTheRoutes_andHostileUpdatesDoNot() throws IOException {
        agent().start();
        Path socket = dir.resolve("agent.sock");

        String reply = ControlProtocol.call(socket, "wgr1|node-b|10.50.0.7/32=0@5", 4096);
        String refused = ControlProtocol.call(socket, "wgr1|node-b|10.50.0.7/32=0@5;reboot", 4096);

        assertTrue(reply.startsWith("OK"), reply);
        assertTrue(refused.startsWith("FAILED refused"), refused);
        assertEquals(List.of(List.of(new RouteEntry(CLIENT, B, 5))), routes.pushed);
    }

    @Test
    void heartbeat_writesTheTrimmedNodeRecordWithTheBackboneKeyAndSendsTheMetric() throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);
        agent.heartbeat();
        agent.flushForTest();

        assertEquals(1, drained(ItemKind.NODE).size());
        NodeRecord record = NodeRecordItem.fromItem(drained(ItemKind.NODE).get(0));
        assertEquals(new NodeRecord(SELF, new PeerKey(KEY_SELF), Cidr.parse("10.99.0.1/32"),
                Endpoint.parse("203.0.113.10:51821"), T0, Agent.AGENT_VERSION, new AppliedRoutes(0, 7, T0)), record);
        assertEquals(List.of(new Beat(T0, HeartbeatSender.Counts.NONE)), heartbeat.sent);
    }

    @Test
    void heartbeat_sendsTheCountsSinceTheLastBeatSent_andKeepsThemThroughAFailedOne() throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);
        routes.failedApplies = 2;
        routes.refusals = 1;
        agent.heartbeat();
        clock.now = T0.plusSeconds(60);
        agent.heartbeat();
        routes.failedApplies = 3;
        routes.refusals = 4;
        heartbeat.failWith = new IllegalStateException("Unable to execute HTTP request: connect timed out");
        clock.now = T0.plusSeconds(120);
        agent.heartbeat();
        routes.failedApplies = 5;
        heartbeat.failWith = null;
        clock.now = T0.plusSeconds(180);
        agent.heartbeat();

        assertEquals(List.of(new Beat(T0, new HeartbeatSender.Counts(2, 1)),
                new Beat(T0.plusSeconds(60), HeartbeatSender.Counts.NONE),
                new Beat(T0.plusSeconds(180), new HeartbeatSender.Counts(3, 3))),
                heartbeat.sent, "counted once each, reset once sent, carried over a beat that failed");
    }

    @Test
    void aStaleIndexRead_doesNotUndoANewerPushedOwner() throws IOException {
        Agent agent = agent();
        interfaceNow(wg, "backbone", KEY_SELF);
        table.owner(clientOwner(B, 4, T0.minusSeconds(8)));
        agent.applyPushed("wgr1|node-a|10.50.0.7/32=0@5");
        agent.reconcile();

        interfaceNow(wg, "clients", KEY_SELF, peer(KEY_CLIENT, "10.50.0.7/32", T0.minusSeconds(1)));
        agent.poll();
        agent.flushForTest();
        clock.now = T0.plusSeconds(2);
        interfaceNow(wg, "clients", KEY_SELF, peer(KEY_CLIENT, "10.50.0.7/32", T0.plusSeconds(1)));
        agent.poll();
        agent.flushForTest();

        assertEquals(1, drained(ItemKind.OBSERVATION).size(),
                "owned here since v5: one lease refresh, no claims against the stale v4 owner");
    }
}
