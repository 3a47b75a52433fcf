package dev.wgroam.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.config.AgentConfig;
import dev.wgroam.agent.config.ConfigParser;
import dev.wgroam.agent.health.HealthPort;
import dev.wgroam.agent.health.LinkState;
import dev.wgroam.lab.netns.Lab;
import dev.wgroam.agent.netns.NetnsRequirement;
import dev.wgroam.agent.routes.HostRouteKeeper;
import dev.wgroam.agent.routes.Interfaces;
import dev.wgroam.agent.routes.LinuxHost;
import dev.wgroam.agent.routes.OwnerBook;
import dev.wgroam.agent.table.InMemoryTable;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import static dev.wgroam.testing.Eventually.within;

/**
 * The agent's route code on real wireguard-go, wg and ip: two nodes (A, B) with clients and backbone
 * interfaces and a client X, each in a network namespace this test creates. Traffic from one node
 * reaches the client through the other node's backbone and clients interfaces, follows the client
 * when it roams, and a route removed by hand comes back with the next reconcile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesInNamespacesTest {

    static final Region EU = new Region("eu-west-1");
    static final NodeId A = new NodeId("node-a");
    static final NodeId B = new NodeId("node-b");
    static final Cidr CLIENT = Cidr.parse("10.50.0.7/32");
    static final Duration WITHIN = Duration.ofSeconds(10);
    static final Duration HOLD = Duration.ofSeconds(30);
    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "203.0.113.100");

    Lab lab;
    String nsA;
    String nsB;
    String nsX;
    Interfaces ifA;
    Interfaces ifB;
    String wgX;
    PeerKey clientsKey;
    Registry registry;
    List<NodeRecord> fleet;
    HostRouteKeeper keeperA;
    HostRouteKeeper keeperB;

    @BeforeAll
    void buildTheNetwork() {
        NetnsRequirement.requireOrSkip("TwoNodesInNamespacesTest");
        lab = new Lab();
        nsA = lab.host("a");
        nsB = lab.host("b");
        nsX = lab.host("x");
        lab.link(nsA, "10.200.1.1/30", nsB, "10.200.1.2/30");
        lab.link(nsX, "10.200.2.1/30", nsA, "10.200.2.2/30");
        lab.link(nsX, "10.200.3.1/30", nsB, "10.200.3.2/30");
        ifA = new Interfaces(new InterfaceName(lab.iface("ca")), new InterfaceName(lab.iface("ba")));
        ifB = new Interfaces(new InterfaceName(lab.iface("cb")), new InterfaceName(lab.iface("bb")));
        wgX = lab.iface("wx");
        for (String iface : List.of(ifA.clients().value(), ifA.backbone().value())) {
            lab.wireguard(nsA, iface);
        }
        for (String iface : List.of(ifB.clients().value(), ifB.backbone().value())) {
            lab.wireguard(nsB, iface);
        }
        lab.wireguard(nsX, wgX);

        // Every node's clients interface has the same key: clients know one peer, the accelerator.
        String clientsPrivate = genkey(nsA);
        clientsKey = new PeerKey(pubkey(nsA, clientsPrivate));
        String clientPrivate = genkey(nsX);
        PeerKey clientKey = new PeerKey(pubkey(nsX, clientPrivate));
        PeerKey backboneA = node(nsA, ifA, clientsPrivate, "10.99.0.1/32");
        PeerKey backboneB = node(nsB, ifB, clientsPrivate, "10.99.0.2/32");
        lab.runner(nsX).run(List.of("wg", "set", wgX, "private-key", "/dev/stdin"), clientPrivate);
        pointClientAt("10.200.2.2:51820");
        lab.run(nsX, "ip", "addr", "add", "10.50.0.7/32", "dev", wgX);
        lab.run(nsX, "ip", "link", "set", wgX, "up");
        lab.run(nsX, "ip", "route", "add", "10.99.0.0/24", "dev", wgX);

        registry = Registry.of(SETTINGS, List.of(approval(A, backboneA, "10.99.0.1/32"), approval(B, backboneB, "10.99.0.2/32")),
                List.of(new RegisteredClient(clientKey, CLIENT, new ClientName("x"), Instant.now())));
        fleet = List.of(record(A, backboneA, "10.99.0.1/32", "10.200.1.1:51821"),
                record(B, backboneB, "10.99.0.2/32", "10.200.1.2:51821"));
        keeperA = new HostRouteKeeper(A, HOLD, ifA, new LinuxHost(lab.runner(nsA), ifA));
        keeperB = new HostRouteKeeper(B, HOLD, ifB, new LinuxHost(lab.runner(nsB), ifB));
    }

    @AfterAll
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private String genkey(String ns) {
        return lab.run(ns, "wg", "genkey").trim();
    }

    private String pubkey(String ns, String privateKey) {
        return lab.runner(ns).run(List.of("wg", "pubkey"), privateKey + "\n").trim();
    }

    /** A node with no client peer: the agent adds them from the registry. */
    private PeerKey node(String ns, Interfaces ifs, String clientsPrivate, String backboneAddress) {
        lab.run(ns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        String c = ifs.clients().value();
        String b = ifs.backbone().value();
        lab.runner(ns).run(List.of("wg", "set", c, "private-key", "/dev/stdin", "listen-port", "51820"), clientsPrivate);
        String backbonePrivate = genkey(ns);
        lab.runner(ns).run(List.of("wg", "set", b, "private-key", "/dev/stdin", "listen-port", "51821"), backbonePrivate);
        lab.run(ns, "ip", "addr", "add", backboneAddress, "dev", b);
        lab.run(ns, "ip", "link", "set", c, "up");
        lab.run(ns, "ip", "link", "set", b, "up");
        return new PeerKey(pubkey(ns, backbonePrivate));
    }

    /** What the accelerator does when it moves a client: the same peer key, another node's address. */
    private void pointClientAt(String endpoint) {
        // Removing the peer drops its session, so the client handshakes with the new node at once
        // and no longer accepts packets from the old one.
        lab.succeeds(nsX, "wg", "set", wgX, "peer", clientsKey.base64(), "remove");
        lab.run(nsX, "wg", "set", wgX, "peer", clientsKey.base64(), "endpoint", endpoint, "allowed-ips", "10.99.0.0/24");
    }

    private static NodeRecord record(NodeId id, PeerKey key, String backboneAddress, String endpoint) {
        return new NodeRecord(id, key, Cidr.parse(backboneAddress), Endpoint.parse(endpoint), Instant.now(), "0.1.0",
                AppliedRoutes.NONE);
    }

    private static NodeApproval approval(NodeId id, PeerKey key, String backboneAddress) {
        return new NodeApproval(id, new NodeName("vpn-" + id), EU, List.of(), key, Cidr.parse(backboneAddress), false, "",
                Instant.now());
    }

    private boolean ping(String ns, String from, String to) {
        return lab.succeeds(ns, "ping", "-c", "1", "-W", "1", "-I", from, to);
    }

    private boolean handshakedAt(String ns, Interfaces ifs) {
        return lab.run(ns, "wg", "show", ifs.clients().value(), "latest-handshakes").lines()
                .anyMatch(l -> !l.strip().endsWith("\t0") && !l.isBlank());
    }

    private void pushToBoth(RouteEntry entry) {
        keeperA.applyPushed(List.of(entry), Instant.now());
        keeperB.applyPushed(List.of(entry), Instant.now());
    }

    @Test
    @Order(1)
    void clientAtA_isReachedFromBThroughTheBackbone() throws InterruptedException {
        List<OwnerBook.Entry> owners = List.of(new OwnerBook.Entry(new RouteEntry(CLIENT, A, 1)));
        keeperA.reconcile(owners, registry, fleet, Instant.now());
        keeperB.reconcile(owners, registry, fleet, Instant.now());

        String clientKey = registry.clients().keySet().iterator().next().base64();
        for (String ns : List.of(nsA, nsB)) {
            Interfaces ifs = ns.equals(nsA) ? ifA : ifB;
            assertTrue(lab.run(ns, "wg", "show", ifs.clients().value(), "allowed-ips").contains(clientKey + "\t10.50.0.7/32"),
                    "the registered client is a peer of every node's clients interface");
        }
        assertTrue(within(WITHIN, () -> ping(nsX, "10.50.0.7", "10.99.0.1")), "client handshakes with A");
        assertTrue(within(WITHIN, () -> ping(nsB, "10.99.0.2", "10.50.0.7")), "B reaches the client via A");
    }

    @Test
    @Order(2)
    void clientRoamsToB_andTrafficFromAFollowsIt() throws InterruptedException {
        pointClientAt("10.200.3.2:51820");
        // Any packet makes the client handshake with B; replies come only once routes follow.
        assertTrue(within(WITHIN, () -> {
            ping(nsX, "10.50.0.7", "10.99.0.2");
            return handshakedAt(nsB, ifB);
        }), "client handshakes with B");

        pushToBoth(new RouteEntry(CLIENT, B, 2));

        assertTrue(within(WITHIN, () -> ping(nsA, "10.99.0.1", "10.50.0.7")), "A reaches the client via B");
        String allowedOnA = lab.run(nsA, "wg", "show", ifA.backbone().value(), "allowed-ips");
        assertTrue(allowedOnA.lines().anyMatch(l -> l.contains("10.50.0.7/32") && l.contains("10.99.0.2/32")),
                "the /32 moved into B's backbone peer on A: " + allowedOnA);
    }

    @Test
    @Order(3)
    void routeRemovedByHand_isRepairedByReconcile() throws InterruptedException {
        lab.run(nsA, "ip", "route", "del", "10.50.0.7/32", "dev", ifA.backbone().value());
        assertFalse(ping(nsA, "10.99.0.1", "10.50.0.7"), "without the route A cannot reach the client");

        keeperA.reconcile(List.of(new OwnerBook.Entry(new RouteEntry(CLIENT, B, 2))), registry, fleet, Instant.now());

        assertTrue(within(WITHIN, () -> ping(nsA, "10.99.0.1", "10.50.0.7")));
    }

    @Test
    @Order(4)
    void clientRemovedFromTheRegistry_losesItsPeerAndRoutesOnBothNodes_andComesBackWhenAddedAgain()
            throws InterruptedException {
        List<OwnerBook.Entry> owners = List.of(new OwnerBook.Entry(new RouteEntry(CLIENT, B, 2)));
        Registry removed = Registry.of(SETTINGS, registry.approvals().values(), List.of());
        keeperA.reconcile(owners, removed, fleet, Instant.now());
        keeperB.reconcile(owners, removed, fleet, Instant.now());

        for (String ns : List.of(nsA, nsB)) {
            Interfaces ifs = ns.equals(nsA) ? ifA : ifB;
            assertTrue(lab.run(ns, "wg", "show", ifs.clients().value(), "peers").isBlank(), "no client peer on " + ns);
            assertFalse(lab.run(ns, "ip", "-4", "route", "show").contains("10.50.0.7"), "no client route on " + ns);
            assertFalse(lab.run(ns, "wg", "show", ifs.backbone().value(), "allowed-ips").contains("10.50.0.7"),
                    "no backbone peer carries the client on " + ns);
        }
        assertFalse(ping(nsA, "10.99.0.1", "10.50.0.7"), "a removed client is cut off");

        keeperA.reconcile(owners, registry, fleet, Instant.now());
        keeperB.reconcile(owners, registry, fleet, Instant.now());
        // The nodes forgot the removed peer's session: the client brings its tunnel up anew, as a new one does.
        pointClientAt("10.200.3.2:51820");

        assertTrue(within(WITHIN, () -> ping(nsX, "10.50.0.7", "10.99.0.2")), "registered again, the client handshakes");
        assertTrue(within(WITHIN, () -> ping(nsA, "10.99.0.1", "10.50.0.7")), "registered again, reached again");
    }

    @Test
    @Order(5)
    void healthPortCloses_whenTheClientsInterfaceGoesDown() {
        LinkState links = name -> lab.run(nsA, "ip", "-o", "link", "show", "dev", name.value())
                .matches("(?s)[^<]*<([^>]*,)?UP[,>].*");
        AgentConfig config = ConfigParser.parse(Map.of("node.id", "node-a", "node.name", "vpn-a", "region", "eu-west-1",
                "backbone.address", "10.99.0.1/32", "backbone.endpoint", "10.200.1.1:51821",
                "clients.interface", ifA.clients().value(), "backbone.interface", ifA.backbone().value(),
                "control.socket", "/tmp/wgroam-" + ProcessHandle.current().pid() + "-agent.sock"));
        InMemoryTable table = new InMemoryTable().settings(SETTINGS);
        registry.approvals().values().forEach(table::approve);
        registry.clients().values().forEach(table::register);
        fleet.forEach(table::record);
        table.owner(new Owner(new Subject.Client(registry.clients().keySet().iterator().next()), CLIENT, B,
                new NodeName("vpn-b"), Instant.now(), 2, Instant.now(), A));
        try (Agent agent = new Agent(new Agent.Parts(config, Clock.systemUTC(),
                new AgentLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC()),
                new WireGuard(lab.runner(nsA)), table, keeperA, (now, counts) -> { }, links,
                new HealthPort(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))))) {
            agent.reconcile();
            agent.poll();
            assertTrue(agent.healthOpen(), "healthy: interfaces up, reconciled, backbone handshake fresh");

            lab.run(nsA, "ip", "link", "set", ifA.clients().value(), "down");
            agent.poll();

            assertFalse(agent.healthOpen());
        } finally {
            lab.run(nsA, "ip", "link", "set", ifA.clients().value(), "up");
        }
    }
}
