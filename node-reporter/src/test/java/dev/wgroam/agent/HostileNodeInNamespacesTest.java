package dev.wgroam.agent;

import static dev.wgroam.testing.Eventually.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.wgroam.routes.RouteUpdate;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A node with C's credentials attacks the victim A, on real wireguard-go, wg and ip in namespaces
 * this test creates: A (the victim, running the real agent), B (serving the client X) and C (the
 * attacker). C's forged owner items and node record reach A's agent as the codecs decode them from
 * the table; A installs none of it: its `ip route` (default route included) and `wg show` stay what
 * the legitimate items give, and X stays reachable from A through B's backbone peer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileNodeInNamespacesTest {

    static final Region EU = new Region("eu-west-1");
    static final Region US = new Region("us-east-1");
    static final NodeId A = new NodeId("node-a");
    static final NodeId B = new NodeId("node-b");
    static final NodeId C = new NodeId("node-c");
    static final Cidr CLIENT = Cidr.parse("10.50.0.7/32");
    static final Cidr VPC_A = Cidr.parse("172.31.0.0/16");
    static final Cidr VPC_C = Cidr.parse("172.16.0.0/16");
    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "203.0.113.100");
    static final Duration WITHIN = Duration.ofSeconds(10);
    static final Duration HOLD = Duration.ofSeconds(30);
    /** The victim's reconcile interval, short so that a held push can be seen to give way. */
    static final Duration VICTIM_HOLD = Duration.ofSeconds(3);

    Lab lab;
    String nsA;
    String nsB;
    String nsC;
    String nsX;
    Interfaces ifA;
    Interfaces ifB;
    String backboneC;
    String wgX;
    PeerKey backboneKeyA;
    PeerKey backboneKeyB;
    PeerKey backboneKeyC;
    PeerKey clientKey;
    final InMemoryTable table = new InMemoryTable();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    HostRouteKeeper keeperA;
    Agent victim;

    @BeforeAll
    void buildTheNetwork() {
        NetnsRequirement.requireOrSkip("HostileNodeInNamespacesTest");
        lab = new Lab();
        nsA = lab.host("hostile-a");
        nsB = lab.host("hostile-b");
        nsC = lab.host("hostile-c");
        nsX = lab.host("hostile-x");
        lab.link(nsA, "10.201.1.1/30", nsB, "10.201.1.2/30");
        lab.link(nsA, "10.201.2.1/30", nsC, "10.201.2.2/30");
        lab.link(nsX, "10.201.3.1/30", nsB, "10.201.3.2/30");
        ifA = new Interfaces(new InterfaceName(lab.iface("hca")), new InterfaceName(lab.iface("hba")));
        ifB = new Interfaces(new InterfaceName(lab.iface("hcb")), new InterfaceName(lab.iface("hbb")));
        backboneC = lab.iface("hbc");
        wgX = lab.iface("hwx");
        for (String iface : List.of(ifA.clients().value(), ifA.backbone().value())) {
            lab.wireguard(nsA, iface);
        }
        for (String iface : List.of(ifB.clients().value(), ifB.backbone().value())) {
            lab.wireguard(nsB, iface);
        }
        lab.wireguard(nsC, backboneC);
        lab.wireguard(nsC, lab.iface("hcc"));
        // The agent reads every clients interface, and wg dumps none without a key.
        lab.runner(nsC).run(List.of("wg", "set", lab.iface("hcc"), "private-key", "/dev/stdin"), genkey(nsC));
        lab.wireguard(nsX, wgX);

        String clientsPrivate = genkey(nsA);
        PeerKey clientsKey = new PeerKey(pubkey(nsA, clientsPrivate));
        String clientPrivate = genkey(nsX);
        clientKey = new PeerKey(pubkey(nsX, clientPrivate));
        backboneKeyA = node(nsA, ifA, clientsPrivate, "10.99.0.1/32");
        backboneKeyB = node(nsB, ifB, clientsPrivate, "10.99.0.2/32");
        backboneKeyC = backbone(nsC, backboneC, "10.99.0.3/32");
        // The victim's namespace has a default route of its own, which nothing may replace.
        lab.run(nsA, "ip", "route", "add", "default", "via", "10.201.1.2");

        lab.runner(nsX).run(List.of("wg", "set", wgX, "private-key", "/dev/stdin"), clientPrivate);
        lab.run(nsX, "wg", "set", wgX, "peer", clientsKey.base64(), "endpoint", "10.201.3.2:51820",
                "allowed-ips", "10.99.0.0/24");
        lab.run(nsX, "ip", "addr", "add", CLIENT.toString(), "dev", wgX);
        lab.run(nsX, "ip", "link", "set", wgX, "up");
        lab.run(nsX, "ip", "route", "add", "10.99.0.0/24", "dev", wgX);

        Instant now = Instant.now();
        table.settings(SETTINGS)
                .approve(approval(A, EU, backboneKeyA, "10.99.0.1/32", VPC_A))
                .approve(approval(B, EU, backboneKeyB, "10.99.0.2/32", VPC_A))
                .approve(approval(C, US, backboneKeyC, "10.99.0.3/32", VPC_C))
                .register(new RegisteredClient(clientKey, CLIENT, new ClientName("x"), now))
                .record(record(A, backboneKeyA, "10.99.0.1/32", "10.201.1.1:51821"))
                .record(record(B, backboneKeyB, "10.99.0.2/32", "10.201.1.2:51821"))
                .record(record(C, backboneKeyC, "10.99.0.3/32", "10.201.2.2:51821"))
                .owner(new Owner(new Subject.Client(clientKey), CLIENT, B, new NodeName("vpn-b"), now, 1, now, null))
                .owner(new Owner(new Subject.Vpc(VPC_C), VPC_C, C, new NodeName("vpn-c"), Instant.EPOCH, 1, now, null));

        // B and C are honest here, B serves the client: their own routes come from the same registry.
        Registry registry = table.registry().value();
        List<NodeRecord> records = table.nodeRecords(List.of(A, B, C)).value();
        List<OwnerBook.Entry> owners = List.of(new OwnerBook.Entry(new RouteEntry(CLIENT, B, 1)),
                new OwnerBook.Entry(new RouteEntry(VPC_C, C, 1)));
        new HostRouteKeeper(B, HOLD, ifB, new LinuxHost(lab.runner(nsB), ifB)).reconcile(owners, registry, records, now);
        Interfaces ifC = new Interfaces(new InterfaceName(lab.iface("hcc")), new InterfaceName(backboneC));
        new HostRouteKeeper(C, HOLD, ifC, new LinuxHost(lab.runner(nsC), ifC)).reconcile(owners, registry, records, now);

        keeperA = new HostRouteKeeper(A, VICTIM_HOLD, ifA, new LinuxHost(lab.runner(nsA), ifA));
        victim = victimAgent();
    }

    private Agent victimAgent() {
        LinkState links = name -> lab.run(nsA, "ip", "-o", "link", "show", "dev", name.value())
                .matches("(?s)[^<]*<([^>]*,)?UP[,>].*");
        AgentConfig config = ConfigParser.parse(Map.of("node.id", A.value(), "node.name", "vpn-a", "region", "eu-west-1",
                "backbone.address", "10.99.0.1/32", "backbone.endpoint", "10.201.1.1:51821",
                "clients.interface", ifA.clients().value(), "backbone.interface", ifA.backbone().value(),
                "control.socket", "/tmp/wgroam-" + ProcessHandle.current().pid() + "-hostile-agent.sock"));
        return new Agent(new Agent.Parts(config, Clock.systemUTC(),
                new AgentLog(new PrintStream(log, true, StandardCharsets.UTF_8), Clock.systemUTC()),
                new WireGuard(lab.runner(nsA)), table, keeperA, (now, counts) -> { }, links,
                new HealthPort(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))));
    }

    @AfterAll
    void tearDown() {
        try {
            if (victim != null) {
                victim.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    private String genkey(String ns) {
        return lab.run(ns, "wg", "genkey").trim();
    }

    private String pubkey(String ns, String privateKey) {
        return lab.runner(ns).run(List.of("wg", "pubkey"), privateKey + "\n").trim();
    }

    private PeerKey node(String ns, Interfaces ifs, String clientsPrivate, String backboneAddress) {
        lab.run(ns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        String c = ifs.clients().value();
        lab.runner(ns).run(List.of("wg", "set", c, "private-key", "/dev/stdin", "listen-port", "51820"), clientsPrivate);
        lab.run(ns, "wg", "set", c, "peer", clientKey.base64(), "allowed-ips", CLIENT.toString());
        lab.run(ns, "ip", "link", "set", c, "up");
        return backbone(ns, ifs.backbone().value(), backboneAddress);
    }

    private PeerKey backbone(String ns, String iface, String address) {
        String backbonePrivate = genkey(ns);
        lab.runner(ns).run(List.of("wg", "set", iface, "private-key", "/dev/stdin", "listen-port", "51821"), backbonePrivate);
        lab.run(ns, "ip", "addr", "add", address, "dev", iface);
        lab.run(ns, "ip", "link", "set", iface, "up");
        return new PeerKey(pubkey(ns, backbonePrivate));
    }

    private static NodeApproval approval(NodeId id, Region region, PeerKey key, String address, Cidr vpc) {
        return new NodeApproval(id, new NodeName("vpn-" + id), region, List.of(vpc), key, Cidr.parse(address), false, "",
                Instant.now());
    }

    private static NodeRecord record(NodeId id, PeerKey key, String address, String endpoint) {
        return new NodeRecord(id, key, Cidr.parse(address), Endpoint.parse(endpoint), Instant.now(), "0.1.0",
                AppliedRoutes.NONE);
    }

    /** Every route of the victim's main table, the default route and the kernel's own included. */
    private Set<String> routesOfA() {
        return lab.run(nsA, "ip", "-4", "-o", "route", "show", "table", "main").lines().map(String::strip)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The victim's backbone peers: key, endpoint and allowed IPs, without the counters that move. */
    private Map<String, String> backbonePeersOfA() {
        String backbone = ifA.backbone().value();
        Map<String, String> endpoints = lines(lab.run(nsA, "wg", "show", backbone, "endpoints"));
        Map<String, String> allowed = lines(lab.run(nsA, "wg", "show", backbone, "allowed-ips"));
        return endpoints.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue() + " " + allowed.get(e.getKey()), (x, y) -> x, TreeMap::new));
    }

    private static Map<String, String> lines(String output) {
        return output.lines().filter(l -> !l.isBlank()).map(l -> l.split("\t", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1].strip() : ""));
    }

    private boolean aReachesTheClient() {
        return lab.succeeds(nsA, "ping", "-c", "1", "-W", "1", "-I", "10.99.0.1", CLIENT.addressText());
    }

    private boolean theClientReachesA() {
        return lab.succeeds(nsX, "ping", "-c", "1", "-W", "1", "-I", CLIENT.addressText(), "10.99.0.1");
    }

    Set<String> legitimateRoutes;
    Map<String, String> legitimatePeers;

    @Test
    @Order(1)
    void beforeTheAttack_theVictimRoutesTheClientThroughB() throws InterruptedException {
        victim.reconcile();

        legitimateRoutes = routesOfA();
        legitimatePeers = backbonePeersOfA();
        assertTrue(legitimateRoutes.stream().anyMatch(r -> r.startsWith("default via 10.201.1.2 ")), legitimateRoutes.toString());
        assertEquals(Set.of(backboneKeyB.base64(), backboneKeyC.base64()), legitimatePeers.keySet());
        assertTrue(legitimatePeers.get(backboneKeyB.base64()).contains("10.50.0.7/32"), legitimatePeers.toString());
        assertTrue(legitimatePeers.get(backboneKeyC.base64()).contains("172.16.0.0/16"), legitimatePeers.toString());
        // B learns X's endpoint from X's first handshake, as a node does from a client the accelerator sends it.
        assertTrue(within(WITHIN, this::theClientReachesA), "X reaches A through B");
        assertTrue(within(WITHIN, this::aReachesTheClient), "A reaches X through B's backbone peer");
    }

    @Test
    @Order(2)
    void forgedOwnerItems_installNothingOnTheVictim() throws InterruptedException {
        Instant now = Instant.now();
        PeerKey attackersClient = PeerKey.of(new byte[] {66, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
                20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31});
        NodeName vpnC = new NodeName("vpn-c");
        table.owner(new Owner(new Subject.Vpc(Cidr.parse("0.0.0.0/0")), Cidr.parse("0.0.0.0/0"), C, vpnC, Instant.EPOCH, 1, now, null))
                .owner(new Owner(new Subject.Vpc(Cidr.parse("169.254.169.254/32")), Cidr.parse("169.254.169.254/32"), C, vpnC,
                        Instant.EPOCH, 1, now, null))
                .owner(new Owner(new Subject.Vpc(VPC_A), VPC_A, C, vpnC, Instant.EPOCH, 7, now, null))
                .owner(new Owner(new Subject.Client(attackersClient), Cidr.parse("10.99.0.1/32"), C, vpnC, now, 1, now, null))
                .owner(new Owner(new Subject.Client(backboneKeyA), Cidr.parse("10.99.0.2/32"), C, vpnC, now, 1, now, null))
                .owner(new Owner(new Subject.Client(backboneKeyC), Cidr.parse("10.50.0.66/32"), C, vpnC, now, 1, now, null));

        victim.reconcile();
        String pushed = victim.applyPushed(RouteUpdate.encode(List.of(new RouteEntry(Cidr.parse("0.0.0.0/0"), C, 9),
                new RouteEntry(Cidr.parse("169.254.169.253/32"), C, 9), new RouteEntry(Cidr.parse("10.99.0.1/32"), C, 9))));

        assertEquals(legitimateRoutes, routesOfA(), "ip route on the victim, default route included");
        assertEquals(legitimatePeers, backbonePeersOfA(), "wg show on the victim");
        assertTrue(within(WITHIN, this::aReachesTheClient), "X is still reached through B");
        assertTrue(pushed.contains("0.0.0.0/0 v9 refused"), pushed);
        assertTrue(pushed.contains("169.254.169.253/32 v9 refused"), pushed);
        assertTrue(pushed.contains("10.99.0.1/32 v9 refused"), pushed);
        assertEquals(7, keeperA.refusals(), "six forged owner items, and the one pushed prefix the table does not"
                + " already name (a refusal counts once while it stands): " + log);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("not believed, nothing installed for it"), log.toString());
    }

    @Test
    @Order(3)
    void theAttackersRecordWithBsBackboneKey_doesNotTakeBsPeer() throws InterruptedException {
        table.record(record(C, backboneKeyB, "10.99.0.3/32", "10.201.2.2:51821"));

        victim.reconcile();
        victim.poll();

        Map<String, String> peers = backbonePeersOfA();
        assertEquals(legitimatePeers.get(backboneKeyB.base64()), peers.get(backboneKeyB.base64()),
                "B's peer keeps B's endpoint and the client: the attacker does not take it over");
        assertFalse(peers.containsKey(backboneKeyC.base64()), "no peer is built from a record its approval disowns");
        Set<String> lost = legitimateRoutes.stream().filter(r -> !routesOfA().contains(r)).collect(Collectors.toSet());
        assertTrue(lost.stream().allMatch(r -> r.startsWith("10.99.0.3 ") || r.startsWith("172.16.0.0/16 ")),
                "only the attacker's own routes went: " + lost);
        assertTrue(routesOfA().containsAll(legitimateRoutes.stream().filter(r -> r.startsWith("default")).toList()));
        assertTrue(within(WITHIN, this::aReachesTheClient), "X is still reached through B");
        assertTrue(victim.healthOpen(), "the victim stays healthy: " + log);
    }

    @Test
    @Order(4)
    void aPushAtTheMaximumVersion_givesWayToTheTableOneIntervalLater() throws InterruptedException {
        String pushed = victim.applyPushed(RouteUpdate.encode(List.of(new RouteEntry(CLIENT, A, RouteEntry.MAX_VERSION))));
        assertTrue(pushed.contains("applied, owner this node"), pushed);
        assertFalse(backbonePeersOfA().get(backboneKeyB.base64()).contains("10.50.0.7/32"), "a push applies at once");

        Thread.sleep(VICTIM_HOLD.toMillis());
        victim.reconcile();

        assertTrue(backbonePeersOfA().get(backboneKeyB.base64()).contains("10.50.0.7/32"),
                "one interval later the table's owner is back: " + backbonePeersOfA());
        assertTrue(within(WITHIN, this::aReachesTheClient), "and X with it");
    }
}
