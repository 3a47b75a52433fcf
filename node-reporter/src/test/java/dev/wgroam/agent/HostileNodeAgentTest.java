package dev.wgroam.agent;

import static dev.wgroam.agent.AgentTest.B;
import static dev.wgroam.agent.AgentTest.CLIENT;
import static dev.wgroam.agent.AgentTest.KEY_CLIENT;
import static dev.wgroam.agent.AgentTest.KEY_PEER;
import static dev.wgroam.agent.AgentTest.KEY_SELF;
import static dev.wgroam.agent.AgentTest.T0;
import static dev.wgroam.agent.AgentTest.bytes;
import static dev.wgroam.agent.AgentTest.clientOwner;
import static dev.wgroam.agent.AgentTest.interfaceNow;
import static dev.wgroam.agent.AgentTest.peer;
import static dev.wgroam.testing.Eventually.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.agent.config.ConfigParser;
import dev.wgroam.agent.control.ControlProtocol;
import dev.wgroam.agent.health.HealthPort;
import dev.wgroam.agent.health.LinkState;
import dev.wgroam.agent.table.InMemoryTable;
import dev.wgroam.agent.table.TableRead;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.ownership.Owner;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.table.ItemKind;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.TableSchema;
import dev.wgroam.testing.MovableClock;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a hostile node could once do to every other agent, and can no more: junk that exhausted the
 * heap, an Error that ended a loop for good (and with it the health port), a peer nobody
 * registered, a version beyond the maximum. The agent runs its real loops here, on short intervals.
 */
class HostileNodeAgentTest {

    static final Duration WITHIN = Duration.ofSeconds(10);
    static final int JUNK_ITEMS = 16_000;

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(T0);
    final SimulatedHost wg = new SimulatedHost();
    final InMemoryTable table = AgentTest.fleetTable();
    final AgentTest.RecordingRoutes routes = new AgentTest.RecordingRoutes();
    final AgentTest.FakeHeartbeat heartbeat = new AgentTest.FakeHeartbeat();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    /** While set, reading an interface's state throws it, from inside the poll loop. */
    volatile Error linksFailWith;
    Agent agent;

    @BeforeEach
    void interfaces() {
        interfaceNow(wg, "backbone", KEY_SELF, peer(KEY_PEER, "10.99.0.2/32", T0.minusSeconds(30)));
        interfaceNow(wg, "clients", KEY_SELF);
    }

    Agent agent() {
        Map<String, String> raw = new HashMap<>(Map.of("node.id", "node-a", "node.name", "vpn-a", "region", "eu-west-1",
                "backbone.address", "10.99.0.1/32", "backbone.endpoint", "203.0.113.10:51821",
                "control.socket", dir.resolve("agent.sock").toString()));
        raw.putAll(Map.of("poll.interval", "20ms", "reconcile.interval", "100ms", "heartbeat.interval", "100ms"));
        LinkState links = name -> {
            Error failure = linksFailWith;
            if (failure != null) {
                throw failure;
            }
            return true;
        };
        agent = new Agent(new Agent.Parts(ConfigParser.parse(raw), clock,
                new AgentLog(new PrintStream(log, true, StandardCharsets.UTF_8), clock), new WireGuard(wg), table, routes,
                heartbeat, links, new HealthPort(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))));
        return agent;
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anErrorFromTheTable_doesNotEndTheReconcileLoop_andTheHealthPortIsServedOnceItPasses()
            throws InterruptedException {
        table.failReadsWith = new OutOfMemoryError("Java heap space");
        agent().start();

        assertTrue(within(WITHIN, () -> table.reads() >= 3), "reconcile runs again after an Error");
        table.failReadsWith = null;

        assertTrue(within(WITHIN, () -> routes.reconciles() >= 2), "and again: " + logged());
        assertTrue(within(WITHIN, agent::healthOpen), logged());
        assertTrue(logged().contains("reconcile failed, keeping the last routes: java.lang.OutOfMemoryError"), logged());
    }

    @Test
    void anErrorFromTheHost_doesNotEndTheReconcileLoop() throws InterruptedException {
        routes.failWith = new StackOverflowError();
        agent().start();

        assertTrue(within(WITHIN, () -> table.reads() >= 9), "three reconciles or more, each failing in the host");
        routes.failWith = null;

        assertTrue(within(WITHIN, () -> routes.reconciles() >= 2), logged());
        assertTrue(within(WITHIN, agent::healthOpen), logged());
    }

    @Test
    void anErrorInThePoll_evenOutsideItsOwnHandlers_doesNotEndThePollLoop() throws InterruptedException {
        linksFailWith = new InternalError("forged");
        agent().start();
        assertTrue(within(WITHIN, () -> routes.reconciles() >= 1));
        int callsWhileFailing = wg.reads();

        assertTrue(within(WITHIN, () -> wg.reads() > callsWhileFailing + 5), "polls go on reading the interface");
        linksFailWith = null;

        assertTrue(within(WITHIN, agent::healthOpen), "the poll that sets the health port runs again: " + logged());
        assertTrue(logged().contains("the poll loop failed, it runs again next time: java.lang.InternalError: forged"),
                logged());
    }

    @Test
    void anErrorFromCloudWatch_doesNotEndTheHeartbeatLoop() throws InterruptedException {
        heartbeat.failWith = new OutOfMemoryError("Metaspace");
        agent().start();
        assertTrue(within(WITHIN, () -> logged().contains("heartbeat metric failed: java.lang.OutOfMemoryError")));

        heartbeat.failWith = null;

        assertTrue(within(WITHIN, () -> heartbeat.beats() >= 2), logged());
    }

    @Test
    void anErrorFromATableWrite_doesNotEndTheWriter() throws InterruptedException {
        table.failWritesWith = new OutOfMemoryError("Direct buffer memory");
        agent().start();
        assertTrue(within(WITHIN, () -> logged().contains("the table writer failed")), logged());

        table.failWritesWith = null;

        assertTrue(within(WITHIN, () -> table.writes() >= 1), "the node record lands once writes work: " + logged());
    }

    @Test
    void anErrorInThePushPath_repliesFailed_andTheNextPushIsApplied() throws IOException {
        agent().start();
        Path socket = dir.resolve("agent.sock");
        routes.failWith = new AssertionError("forged");

        String failed = ControlProtocol.call(socket, "wgr1|node-b|10.50.0.7/32=0@5", 4096);
        routes.failWith = null;
        String applied = ControlProtocol.call(socket, "wgr1|node-b|10.50.0.7/32=0@6", 4096);

        assertEquals(ControlProtocol.Status.FAILED, ControlProtocol.Status.of(failed), failed);
        assertEquals(ControlProtocol.Status.OK, ControlProtocol.Status.of(applied), applied);
        assertEquals(1, routes.pushes());
    }

    @Test
    void aPushedVersionAboveTheMaximum_isRefusedWhole() {
        String reply = agent().applyPushed("wgr1|node-b|10.50.0.7/32=0@" + (RouteEntry.MAX_VERSION + 1));

        assertTrue(reply.startsWith(ControlProtocol.Status.FAILED + " refused, nothing applied"), reply);
        assertEquals(0, routes.pushes());
    }

    /** Kilobyte-sized junk under the owners list, as a writer with list access could pile it up. */
    static Map<String, AttributeValue> junk(int n) {
        return Map.of(TableSchema.PARTITION_KEY, AttributeValue.fromS("owner#junk-" + n),
                TableSchema.SORT_KEY, AttributeValue.fromS("owner"),
                TableSchema.KIND, AttributeValue.fromS("owner"),
                TableSchema.LIST_KEY, AttributeValue.fromS(TableSchema.OWNERS),
                TableSchema.LIST_SORT, AttributeValue.fromS("junk-" + n),
                "padding", AttributeValue.fromS("x".repeat(1024)));
    }

    @Test
    void sixteenThousandJunkItems_costACounterAndOneLogLine_andTheRealOwnersStillApply() {
        for (int n = 0; n < JUNK_ITEMS; n++) {
            table.write(junk(n));
        }
        table.owner(clientOwner(B, 4, T0.minusSeconds(8)));
        Agent agent = agent();

        agent.reconcile();
        clock.now = T0.plusSeconds(1);
        agent.reconcile();

        TableRead<List<Owner>> read = table.owners();
        assertEquals(JUNK_ITEMS, read.malformed().count());
        assertEquals(3, read.malformed().first().size(), "kept: the first three, not sixteen thousand exceptions");
        assertEquals(List.of(new RouteEntry(CLIENT, B, 4)), routes.reconciled.get(1));
        assertEquals(1, logged().lines().filter(l -> l.contains("owner items: " + JUNK_ITEMS + " malformed items skipped"))
                .count(), "logged once, rate-limited: " + logged());
    }

    @Test
    void junkInANodesRecord_isSkipped_andTheOthersAreStillRead() {
        table.write(Map.of(TableSchema.PARTITION_KEY, NodeRecordItem.key(B).get(TableSchema.PARTITION_KEY),
                TableSchema.SORT_KEY, NodeRecordItem.key(B).get(TableSchema.SORT_KEY),
                TableSchema.KIND, AttributeValue.fromS(ItemKind.NODE.attributeValue()),
                "backboneKey", AttributeValue.fromS("not a key")));
        Agent agent = agent();

        agent.reconcile();

        assertEquals(List.of(), routes.nodes);
        assertEquals(1, routes.reconciles(), "a bad record is one node's problem, not the reconcile's");
        assertTrue(logged().contains("node records: 1 malformed items skipped"), logged());
    }

    @Test
    void anUnregisteredPeerOnTheClientsInterface_isNotReported() {
        Agent agent = agent();
        agent.reconcile();
        String stranger = PeerKey.of(bytes(77)).base64();
        interfaceNow(wg, "clients", KEY_SELF, peer(stranger, "10.50.0.77/32", T0.minusSeconds(1)),
                peer(KEY_CLIENT, "10.50.0.7/32", T0.minusSeconds(1)));

        agent.poll();
        agent.flushForTest();

        List<String> reported = table.written.stream().filter(i -> ItemKind.of(i) == ItemKind.OBSERVATION)
                .map(i -> i.get("client").s()).toList();
        assertEquals(List.of(KEY_CLIENT), reported, "only the registered client: nobody would believe the other");
        assertTrue(logged().contains("1 peers of clients are no registered client"), logged());
    }
}
