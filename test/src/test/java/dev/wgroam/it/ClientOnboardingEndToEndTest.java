package dev.wgroam.it;

import static dev.wgroam.testing.Eventually.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.watchdog.TunnelProbe;
import dev.wgroam.cli.onboarding.ClientConfig;
import dev.wgroam.cli.onboarding.ClientKeyPair;
import dev.wgroam.cli.onboarding.Onboarding.Onboarded;
import dev.wgroam.cli.registry.ClientsConf;
import dev.wgroam.cli.registry.OperatorRegistry;
import dev.wgroam.cli.registry.RegistryContents;
import dev.wgroam.commands.CommandFailedException;
import dev.wgroam.local.DefaultFleet;
import dev.wgroam.local.LocalFleet;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.Edge;
import dev.wgroam.local.network.NamespaceNetwork;
import dev.wgroam.local.network.NodeSpec;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Onboarding end to end on wireguard-go: clients registered through the CLI's own code against
 * local mode's table, each brought up in a fresh namespace from nothing but the config it printed,
 * connecting through the accelerator stand-in; removed, rotated, added a hundred at once, and a
 * seed-style fleet's clients.conf imported under live traffic. Reconcile every 5 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientOnboardingEndToEndTest {

    static final Duration RECONCILE = Duration.ofSeconds(5);
    static final List<NodeSpec> NODES = DefaultFleet.NODES;
    private static final Pattern PINGS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    LocalFleet fleet;
    NamespaceNetwork network;
    Edge edge;
    /** laptop-1 as first added: its config holds the key the rotation retires. */
    Onboarded laptop;

    @BeforeAll
    void startTheFleet() {
        fleet = LabFleet.start(NODES, List.of(), RECONCILE, log);
        network = (NamespaceNetwork) fleet.network();
        edge = network.edge().orElseThrow();
    }

    @AfterAll
    void stopTheFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void clientAdd_aFreshNamespaceHoldingOnlyThePrintedConfig_connectsThroughTheAccelerator_andEveryVpcHostReachesIt()
            throws InterruptedException {
        long start = System.nanoTime();
        laptop = fleet.addClient("laptop-1");
        ClientSpec client = fleet.client("laptop-1");
        assertTrue(laptop.config().contains("\nEndpoint = " + edge.listener().address() + ":51820\n"), laptop.config());
        assertEquals(laptop.client().address(), network.address(client));
        // The tunnel is the config's: its one peer is the fleet's clients key at the accelerator, with the config's allowed IPs.
        String peer = clientRun(client, "wg", "show", edge.clientInterface(client).value(), "dump").lines().skip(1)
                .collect(Collectors.joining("\n"));
        List<String> fields = List.of(peer.split("\t"));
        assertEquals(List.of(network.clientsKey().base64(), "(none)", edge.listener().address() + ":51820"),
                fields.subList(0, 3), peer);
        assertEquals(Set.of("10.99.0.0/16", "10.50.0.1/32", "172.16.1.0/24", "172.31.1.0/24", "172.31.2.0/24"),
                Set.of(fields.get(3).split(",")), peer);

        fleet.connectThroughAccelerator(client);
        assertTrue(within(Duration.ofSeconds(15), () -> fleet.converged(client)), () -> "not reached:\n" + log());
        System.out.printf("e2e client add → reachable from every VPC host: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        // What the printed watchdog line probes gets through the printed config's tunnel.
        assertTrue(TunnelProbe.ping(edge.clientRunner(client), edge.clientInterface(client),
                Cidr.parse(edge.probeAddress() + "/32")).answered(), "the watchdog's probe is answered");
    }

    @Test
    @Order(2)
    void clientRemove_noNodeHasThePeerOrARoute_andNoVpcHostReachesIt_andTheAddressServesTheNextClient()
            throws InterruptedException {
        fleet.addClient("phone-2");
        ClientSpec phone = fleet.client("phone-2");
        fleet.connectThroughAccelerator(phone);
        assertTrue(within(Duration.ofSeconds(15), () -> fleet.converged(phone)), () -> "not reached:\n" + log());
        PeerKey key = network.clientKey(phone);
        Cidr address = network.address(phone);

        fleet.operator().removeClient(new ClientName("phone-2"));

        assertTrue(within(Duration.ofSeconds(10), () -> NODES.stream().allMatch(n -> !hasPeer(n, key) && !hasRoute(n, address))),
                () -> "peer or route left:\n" + nodes() + log());
        // Its machine still runs and its watchdog keeps trying: no VPC host reaches it.
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            assertTrue(NODES.stream().noneMatch(n -> network.reaches(n, phone)), "a VPC host reached a removed client");
        }
        fleet.tearDown(phone);

        // The freed address goes to the next client, and nothing of the removed one stands in its way.
        Onboarded next = fleet.addClient("phone-3");
        assertEquals(address, next.client().address());
        ClientSpec phone3 = fleet.client("phone-3");
        fleet.connectThroughAccelerator(phone3);
        assertTrue(within(Duration.ofSeconds(15), () -> fleet.converged(phone3)), () -> "not reached:\n" + log());
        fleet.removeClient(phone3);
    }

    @Test
    @Order(3)
    void clientRotate_theOldKeyIsRefusedEverywhere_theNewOneWorks() throws InterruptedException {
        ClientSpec client = fleet.client("laptop-1");
        PeerKey old = laptop.client().key();

        Onboarded rotated = fleet.rotateClient(client);
        PeerKey fresh = rotated.client().key();
        assertNotEquals(old, fresh);
        assertEquals(laptop.client().address(), rotated.client().address());
        assertTrue(within(Duration.ofSeconds(10), () -> NODES.stream().allMatch(n -> hasPeer(n, fresh) && !hasPeer(n, old))),
                () -> "peers after the rotation:\n" + nodes() + log());

        // Whoever kept the old config: no node has its key, so no handshake completes and nothing reaches it.
        network.reconfigure(client, old, laptop.config());
        edge.connect(client);
        Thread.sleep(6000); // longer than WireGuard's 5 s between handshake attempts
        assertEquals(Instant.EPOCH, clientHandshake(client), "a handshake with the old key completed");
        assertTrue(NODES.stream().noneMatch(n -> network.reaches(n, client)), "the old key reached");

        network.reconfigure(client, fresh, rotated.config());
        edge.connect(client);
        assertTrue(within(Duration.ofSeconds(15), () -> fleet.converged(client) && fleet.owner(client) != null),
                () -> "the new key did not work:\n" + log());
    }

    @Test
    @Order(4)
    void aHundredClientsAddedInOneGo_areAllReachedFromEveryVpcHost() throws Exception {
        List<String> names = IntStream.rangeClosed(1, 100).mapToObj(i -> "burst-" + i).toList();
        int before = clientPeers(NODES.get(0)).size();
        long start = System.nanoTime();
        fleet.addClients(names);
        long up = System.nanoTime();
        List<ClientSpec> burst = names.stream().map(fleet::client).toList();
        burst.forEach(edge::connect);
        List<ClientSpec> pending = new ArrayList<>(burst);
        assertTrue(within(Duration.ofSeconds(40), () -> {
            pending.removeAll(reached(pending));
            return pending.isEmpty();
        }), () -> pending.size() + " not reached, e.g. " + pending.get(0) + ":\n" + client(pending.get(0)) + nodes() + log());
        long reached = System.nanoTime();
        System.out.printf("e2e 100 clients: registered and up in %d ms, all reached from every VPC host %d ms later%n",
                (up - start) / 1_000_000, (reached - up) / 1_000_000);
        assertEquals(before + burst.size(), clientPeers(NODES.get(0)).size(), "every client a peer, no more");

        try (ExecutorService removals = Executors.newFixedThreadPool(3)) {
            List<Future<?>> removing = burst.stream().<Future<?>>map(c -> removals.submit(() -> fleet.removeClient(c))).toList();
            for (Future<?> f : removing) {
                f.get();
            }
        }
        assertTrue(within(Duration.ofSeconds(15), () -> NODES.stream().allMatch(n -> clientPeers(n).size() == before)),
                () -> "peers left after removing the burst:\n" + nodes());
    }

    /**
     * The migration (docs/OPERATIONS.md): every node's clients interface carries one hand-kept
     * 50-peer clients.conf, the clients run; {@code client import} of that file; every peer stays on
     * every node throughout (its session never drops), every client is then reached and stays reached
     * — zero lost probes — through the agents' next reconciles and their restarts once the hand-kept
     * file is dropped from the nodes' configuration. Before the import the clients are not routed:
     * agents route only registered clients.
     */
    @Test
    @Order(5)
    void aSeedFleetsClientsConf_imported_keepsEveryPeerOnEveryNode_andEveryClientReachedThroughout() throws Exception {
        // A seed-style fleet's registry holds no client yet (with one, the agents would take hand-kept peers for removed clients).
        fleet.removeClient(fleet.client("laptop-1"));
        assertTrue(within(Duration.ofSeconds(10), () -> NODES.stream().allMatch(n -> clientPeers(n).isEmpty())));
        OperatorRegistry operator = fleet.operator();
        RegistryContents contents = operator.read();
        StringBuilder clientsConf = new StringBuilder("# the fleet's hand-kept clients.conf, identical on every node\n");
        Map<ClientSpec, PeerKey> seeds = new HashMap<>();
        List<PeerKey> keys = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            ClientKeyPair pair = ClientKeyPair.generate();
            Cidr address = Cidr.parse("10.50.1." + i + "/32");
            ClientName name = new ClientName("seed-" + i);
            clientsConf.append("\n# Name = ").append(name).append("\n[Peer]\nPublicKey = ").append(pair.publicKey())
                    .append("\nAllowedIPs = ").append(address).append('\n');
            // The config the seed fleet once handed this client: the same as client add would print.
            String config = ClientConfig.wgQuick(new RegisteredClient(pair.publicKey(), address, name, Instant.now()),
                    pair.privateKeyBase64(), contents.requireSettings(), contents.believed().approvals().values());
            seeds.put(fleet.addHandKeptClient(name.value(), pair.publicKey(), config), pair.publicKey());
            keys.add(pair.publicKey());
        }
        for (NodeSpec n : NODES) {
            network.host(n).runner().run(List.of("wg", "addconf", network.host(n).interfaces().clients().value(), "/dev/stdin"),
                    clientsConf.toString());
        }
        seeds.keySet().forEach(edge::connect);
        assertTrue(within(Duration.ofSeconds(20), () -> seeds.keySet().stream().allMatch(c -> clientHandshake(c).isAfter(Instant.EPOCH))),
                () -> "seed clients' tunnels not up:\n" + log());
        ClientSpec first = seeds.keySet().iterator().next();
        assertFalse(network.reaches(NODES.get(0), first), "an unregistered client is routed");

        Map<NodeSpec, Map<PeerKey, Long>> receivedBefore = new HashMap<>();
        NODES.forEach(n -> receivedBefore.put(n, received(n, keys)));
        Map<NodeSpec, Integer> fewestSeedPeers = new ConcurrentHashMap<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                for (NodeSpec n : NODES) {
                    Set<String> peers = clientPeers(n);
                    int seedPeers = (int) keys.stream().filter(k -> peers.contains(k.base64())).count();
                    fewestSeedPeers.merge(n, seedPeers, Math::min);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        long start = System.nanoTime();
        OperatorRegistry.ImportResult imported = operator.importClients(ClientsConf.parse(clientsConf.toString()));
        assertEquals(50, imported.added().size());
        List<ClientSpec> pending = new ArrayList<>(seeds.keySet());
        assertTrue(within(Duration.ofSeconds(20), () -> {
            pending.removeAll(reached(pending));
            return pending.isEmpty();
        }), () -> pending.size() + " imported clients not reached:\n" + nodes() + log());
        System.out.printf("e2e import of 50: all reached from every VPC host %d ms after the import began%n",
                (System.nanoTime() - start) / 1_000_000);

        // Probe every client from every VPC host, 5 a second, through a reconcile, the agents' restarts and their first reconciles.
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        Map<String, Integer> lostBy = new ConcurrentHashMap<>();
        AtomicBoolean probing = new AtomicBoolean(true);
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            for (NodeSpec n : NODES) {
                for (ClientSpec c : seeds.keySet()) {
                    probes.submit(() -> {
                        while (probing.get()) {
                            int[] result = pings(n, network.address(c), 10);
                            sent.addAndGet(result[0]);
                            lost.addAndGet(result[0] - result[1]);
                            if (result[0] > result[1]) {
                                lostBy.merge(n.name() + "→" + c.name(), result[0] - result[1], Integer::sum);
                            }
                        }
                    });
                }
            }
            Thread.sleep(RECONCILE.plusSeconds(1).toMillis());
            // The hand-kept file is dropped from every node's configuration; each agent is restarted with it gone.
            for (NodeSpec n : NODES) {
                fleet.stopAgent(n);
                fleet.startAgent(n);
            }
            Thread.sleep(RECONCILE.plusSeconds(1).toMillis());
            probing.set(false);
        }
        watching.set(false);
        watcher.join();
        System.out.printf("e2e import of 50: %d probes after the import, %d lost%n", sent.get(), lost.get());
        assertEquals(0, lost.get(), () -> "lost probes: " + lostBy);
        for (NodeSpec n : NODES) {
            assertEquals(50, fewestSeedPeers.get(n), n.name() + " lost a seed peer during the import");
            // A peer removed and added again would have started its counters anew.
            Map<PeerKey, Long> after = received(n, keys);
            receivedBefore.get(n).forEach((k, rx) -> assertTrue(after.get(k) >= rx, n.name() + ": " + k.shortForm()
                    + " was removed and added again"));
        }
        assertTrue(seeds.keySet().stream().allMatch(fleet::converged));
    }

    /** The clients of {@code clients} every VPC host reaches now, checked a few at a time. */
    private List<ClientSpec> reached(List<ClientSpec> clients) {
        try (ExecutorService checks = Executors.newFixedThreadPool(8)) {
            Map<ClientSpec, Future<Boolean>> results = new HashMap<>();
            clients.forEach(c -> results.put(c, checks.submit(() -> fleet.converged(c))));
            List<ClientSpec> out = new ArrayList<>();
            for (var e : results.entrySet()) {
                if (e.getValue().get()) {
                    out.add(e.getKey());
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} pings 0.2 s apart from the VPC host behind {@code node}: {sent, received}. */
    private int[] pings(NodeSpec node, Cidr address, int count) {
        String out;
        try {
            out = network.vpcHost(node).run(List.of("ping", "-n", "-q", "-i", "0.2", "-W", "1", "-c",
                    Integer.toString(count), address.addressText()));
        } catch (CommandFailedException e) {
            out = e.stdout();
        }
        Matcher m = PINGS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("ping said: " + out);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** Bytes the node received from each of these peers of its clients interface (transfer-rx of wg show dump). */
    private Map<PeerKey, Long> received(NodeSpec node, List<PeerKey> keys) {
        Map<String, Long> rx = new HashMap<>();
        NodeViews.clientPeerDump(network, node).stream().map(l -> l.split("\t")).forEach(f -> rx.put(f[0], Long.parseLong(f[5])));
        Map<PeerKey, Long> out = new HashMap<>();
        keys.forEach(k -> out.put(k, rx.getOrDefault(k.base64(), -1L)));
        return out;
    }

    private Set<String> clientPeers(NodeSpec node) {
        return NodeViews.clientPeers(network, node);
    }

    private boolean hasPeer(NodeSpec node, PeerKey key) {
        return NodeViews.hasPeer(network, node, key);
    }

    private boolean hasRoute(NodeSpec node, Cidr address) {
        return NodeViews.hasRoute(network, node, address);
    }

    /** The client's latest handshake with the accelerator's key; EPOCH if none. */
    private Instant clientHandshake(ClientSpec client) {
        String out = clientRun(client, "wg", "show", edge.clientInterface(client).value(), "latest-handshakes");
        return out.lines().map(l -> l.split("\t")).filter(f -> f.length == 2)
                .map(f -> Instant.ofEpochSecond(Long.parseLong(f[1].trim()))).findFirst().orElse(Instant.EPOCH);
    }

    private String clientRun(ClientSpec client, String... argv) {
        return edge.clientRunner(client).run(List.of(argv));
    }

    /** The client's side and what each node has of it, for a failure message. */
    private String client(ClientSpec client) {
        StringBuilder out = new StringBuilder(client + " at " + network.address(client) + ":\n")
                .append(clientRun(client, "wg", "show", edge.clientInterface(client).value(), "dump"));
        String key = network.clientKey(client).base64();
        for (NodeSpec n : NODES) {
            out.append(n.name()).append(": ").append(NodeViews.clientPeerDump(network, n).stream()
                    .filter(l -> l.startsWith(key)).findFirst().orElse("no peer")).append('\n');
        }
        return out.append(edge.clientRunner(client).run(List.of("ip", "route"))).append('\n').toString();
    }

    private String nodes() {
        StringBuilder out = new StringBuilder();
        for (NodeSpec n : NODES) {
            out.append(n.name()).append(": ").append(clientPeers(n).size()).append(" client peers; routes:\n")
                    .append(NodeViews.run(network, n, "ip", "route")).append('\n');
        }
        return out.toString();
    }

    private String log() {
        return LabFleet.tail(log);
    }
}
