package dev.wgroam.local.network;

import dev.wgroam.agent.routes.Interfaces;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.lab.netns.Lab;
import dev.wgroam.local.accelerator.EdgeRules;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import dev.wgroam.routes.Cidr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The real data plane in network namespaces this process creates: an underlay bridge; per node a
 * namespace with wireguard-go {@code clients} and {@code backbone} interfaces (every node's clients
 * interface has the same key, as behind one accelerator address) and a VPC host behind it, each node
 * in its own VPC (peering carries no client traffic, so there is no path between VPCs but the
 * backbone) but an HA pair's, whose two nodes sit on one VPC bridge; per client a namespace with its
 * tunnel, configured from exactly the wg-quick config {@code client add} printed for it, whose
 * endpoint is re-pointed (and the peer reset) to move it, as the accelerator would; and
 * the accelerator's {@link Edge}: a namespace between the clients' internet side and the underlay
 * whose nftables rules the stand-in accelerator writes.
 * Built on the {@link Lab}: interface and namespace names carry this process's PID; {@link #close}
 * kills what it started, by PID, and deletes every namespace. Traffic stays inside these namespaces.
 */
public final class NamespaceNetwork implements Network {

    /** The gateway address every node's clients interface carries: what a client's watchdog probes. */
    private static final String PROBE_ADDRESS = "10.50.0.1";
    private static final String EDGE_UNDERLAY_ADDRESS = "10.200.0.250";
    private static final String INTERNET = "10.201.0.0/24";
    private static final EdgeRules.Listener LISTENER = new EdgeRules.Listener("10.201.0.1", 51820, "br1");
    /** Global Accelerator's fixed idle timeout for UDP flows. */
    private static final int UDP_IDLE_TIMEOUT_SECONDS = 30;

    private final Lab lab = new Lab();
    private final Map<String, NodeHost> hosts = new ConcurrentHashMap<>();
    private final Map<String, ClientTunnel> tunnels = new ConcurrentHashMap<>();
    private final Map<String, String> nodeCables = new ConcurrentHashMap<>();
    /** Each node's VPC host namespace (an HA pair's nodes share one) and its leg on that VPC's bridge. */
    private final Map<String, String> vpcHosts = new ConcurrentHashMap<>();
    private final Map<String, String> vpcLegs = new ConcurrentHashMap<>();
    private String edgeNamespace;
    private String underlay;
    private final List<NodeSpec> nodes;
    private final Path configs;
    private PeerKey clientsKey;

    /** A client brought up from its config: its key (read back from its interface) and what wg-quick takes from the text. */
    private record ClientTunnel(PeerKey key, WgQuickConfig config) {
    }

    /** What this machine lacks for real namespaces, or "" when it has everything. */
    public static String missingPrerequisites() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (String program : List.of("wireguard-go", "wg", "wg-quick", "ip", "ping", "nft")) {
            boolean found = false;
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                found |= Files.isExecutable(Path.of(dir, program));
            }
            if (!found) {
                missing.add(program);
            }
        }
        return String.join(", ", missing);
    }

    /** The underlay, the edge and the nodes, whose clients interfaces have no peers: clients come with {@link #addClient}. */
    public NamespaceNetwork(List<NodeSpec> nodes) {
        this.nodes = List.copyOf(nodes);
        try {
            configs = Files.createTempDirectory("wg-roam-client-configs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            underlay = namespace("u");
            lab.bridge(underlay, "br0");
            buildEdge(underlay);
            String clientsPrivate = run(underlay, "wg", "genkey").trim();
            clientsKey = new PeerKey(runner(underlay).run(List.of("wg", "pubkey"), clientsPrivate + "\n").trim());
            for (NodeSpec n : nodes) {
                buildNode(underlay, n, clientsPrivate);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The accelerator's edge: one leg on the underlay, a bridge facing the clients' internet side.
     * Conntrack's UDP timeouts are the accelerator's idle timeout.
     */
    private void buildEdge(String underlay) {
        edgeNamespace = namespace("e");
        link(edgeNamespace, EDGE_UNDERLAY_ADDRESS + "/24", underlay);
        lab.bridge(edgeNamespace, LISTENER.clientInterface());
        run(edgeNamespace, "ip", "addr", "add", LISTENER.address() + "/24", "dev", LISTENER.clientInterface());
        run(edgeNamespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        // The first ruleset loads conntrack into the namespace, which brings its sysctls.
        edge.apply(EdgeRules.ruleset(List.of(), List.of(), LISTENER));
        for (String timeout : List.of("nf_conntrack_udp_timeout", "nf_conntrack_udp_timeout_stream")) {
            run(edgeNamespace, "sysctl", "-q", "-w", "net.netfilter." + timeout + "=" + UDP_IDLE_TIMEOUT_SECONDS);
        }
    }

    private void buildNode(String underlay, NodeSpec n, String clientsPrivate) {
        String ns = namespace("n" + n.number());
        nodeCables.put(n.name(), link(ns, n.underlayAddress() + "/24", underlay));
        run(ns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        run(ns, "ip", "route", "add", INTERNET, "via", EDGE_UNDERLAY_ADDRESS);
        Interfaces names = new Interfaces(new InterfaceName(lab.iface("c") + "n" + n.number()),
                new InterfaceName(lab.iface("b") + "n" + n.number()));
        String c = names.clients().value();
        String b = names.backbone().value();
        lab.wireguard(ns, c);
        lab.wireguard(ns, b);
        runner(ns).run(List.of("wg", "set", c, "private-key", "/dev/stdin", "listen-port", "51820"), clientsPrivate);
        runner(ns).run(List.of("wg", "set", b, "private-key", "/dev/stdin", "listen-port", "51821"),
                run(ns, "wg", "genkey"));
        run(ns, "ip", "addr", "add", n.backboneAddress().toString(), "dev", b);
        run(ns, "ip", "addr", "add", PROBE_ADDRESS + "/32", "dev", c);
        run(ns, "ip", "link", "set", c, "up");
        run(ns, "ip", "link", "set", b, "up");
        joinVpc(ns, n);
        hosts.put(n.name(), new NodeHost(runner(ns),
                name -> run(ns, "ip", "-o", "link", "show", "dev", name.value()).matches("(?s)[^<]*<([^>]*,)?UP[,>].*"),
                names, new Endpoint(n.underlayAddress(), 51821)));
    }

    /**
     * Puts the node on its VPC's bridge, with the VPC host the first node of that VPC makes. The
     * host's default route goes to the VPC's primary; a route-table follower may point more specific
     * routes elsewhere ({@link #vpcHost}).
     */
    private void joinVpc(String ns, NodeSpec n) {
        List<NodeSpec> pair = nodes.stream().filter(n::sharesVpcWith).toList();
        List<NodeSpec> primaries = pair.stream().filter(NodeSpec::primary).toList();
        if (primaries.size() != 1) {
            throw new IllegalArgumentException("the VPC " + n.vpc() + " in " + n.region() + " needs exactly one primary, not "
                    + primaries.stream().map(NodeSpec::name).toList());
        }
        NodeSpec first = pair.get(0);
        String host = vpcHosts.computeIfAbsent(first.name(), name -> {
            String h = namespace("h" + first.number());
            lab.bridge(h, "vpc");
            run(h, "ip", "addr", "add", first.vpcHostAddress() + "/24", "dev", "vpc");
            run(h, "ip", "route", "add", "default", "via", primaries.get(0).vpcGatewayAddress());
            return h;
        });
        vpcHosts.put(n.name(), host);
        Lab.Veth leg = lab.veth(ns, host);
        run(ns, "ip", "addr", "add", n.vpcGatewayAddress() + "/24", "dev", leg.a());
        run(host, "ip", "link", "set", leg.b(), "master", "vpc");
        vpcLegs.put(n.name(), leg.b());
    }

    /**
     * A client's namespace, one leg on the underlay (for roams pinned to a node) and one on the
     * edge's internet side, and its tunnel as wg-quick would bring it up from {@code config}:
     * {@code wg-quick strip} of the file, {@code wg setconf}, the Address line, a route per allowed IP.
     */
    @Override
    public void addClient(ClientSpec c, PeerKey key, String config) {
        WgQuickConfig parsed = WgQuickConfig.parse(config);
        if (tunnels.containsKey(c.name())) {
            throw new IllegalStateException("client " + c.name() + " is up already");
        }
        String ns = namespace("k" + c.number());
        // A hundred clients are brought up at once: ip's batch mode saves a process per address and route.
        Lab.Veth cable = lab.veth(ns, underlay);
        Lab.Veth internet = lab.veth(ns, edgeNamespace);
        ip(underlay, List.of("link set " + cable.b() + " master br0"));
        ip(edgeNamespace, List.of("link set " + internet.b() + " master " + LISTENER.clientInterface()));
        // Offline until it connects (connect, Edge#connect): its tunnel, up with a keepalive, would
        // otherwise reach the accelerator at once.
        ip(ns, List.of("addr add 10.200.0." + (100 + c.number()) + "/24 dev " + cable.a(),
                "addr add " + c.internetAddress() + "/24 dev " + internet.a(),
                "route add blackhole " + LISTENER.address() + "/32"));
        String wg = clientInterface(c).value();
        // Strict reverse-path filtering: with a blackhole route to a node (see connect), that node's
        // packets are dropped on arrival too.
        run(ns, "sysctl", "-q", "-w", "net.ipv4.conf.all.rp_filter=1");
        lab.wireguard(ns, wg);
        setconf(c, key, config);
        List<String> up = new ArrayList<>();
        parsed.addresses().forEach(address -> up.add("addr add " + address + " dev " + wg));
        up.add("link set " + wg + " up");
        parsed.allowedIps().forEach(route -> up.add("route add " + route + " dev " + wg));
        ip(ns, up);
        tunnels.put(c.name(), new ClientTunnel(key, parsed));
    }

    @Override
    public void reconfigure(ClientSpec c, PeerKey key, String config) {
        WgQuickConfig parsed = WgQuickConfig.parse(config);
        ClientTunnel old = tunnel(c);
        if (!parsed.addresses().equals(old.config().addresses()) || !parsed.allowedIps().equals(old.config().allowedIps())) {
            throw new IllegalArgumentException("a new config for " + c.name() + " changes its addresses or routes: add it anew");
        }
        setconf(c, key, config);
        tunnels.put(c.name(), new ClientTunnel(key, parsed));
    }

    /**
     * {@code wg setconf} with what {@code wg-quick strip} makes of the config, from a file only root
     * reads and that is gone afterwards (it holds the private key); then checks that the key the
     * interface has is the one the registry holds.
     */
    private void setconf(ClientSpec c, PeerKey key, String config) {
        String wg = clientInterface(c).value();
        Path file = configs.resolve(wg + ".conf");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, config);
            String stripped = run(underlay, "wg-quick", "strip", file.toString());
            runner(clientNamespace(c)).run(List.of("wg", "setconf", wg, "/dev/stdin"), stripped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // The directory goes at close.
            }
        }
        PeerKey configured = new PeerKey(run(clientNamespace(c), "wg", "show", wg, "public-key").trim());
        if (!configured.equals(key)) {
            throw new IllegalStateException("the config of " + c.name() + " gives key " + configured.shortForm()
                    + ", the registry holds " + key.shortForm());
        }
    }

    @Override
    public void removeClient(ClientSpec c) {
        tunnels.remove(c.name());
        lab.remove(clientNamespace(c));
    }

    @Override
    public Cidr address(ClientSpec client) {
        return tunnel(client).config().address();
    }

    private ClientTunnel tunnel(ClientSpec client) {
        ClientTunnel tunnel = tunnels.get(client.name());
        if (tunnel == null) {
            throw new IllegalArgumentException("client " + client.name() + " is not up");
        }
        return tunnel;
    }

    @Override
    public String kind() {
        return "real wireguard-go, wg and ip in network namespaces " + lab.name("*");
    }

    @Override
    public NodeHost host(NodeSpec node) {
        return hosts.get(node.name());
    }

    @Override
    public PeerKey clientsKey() {
        return clientsKey;
    }

    @Override
    public PeerKey clientKey(ClientSpec client) {
        return tunnel(client).key();
    }

    @Override
    public void connect(ClientSpec client, NodeSpec node) {
        point(client, node, node.underlayAddress() + ":51820", node.backboneAddress().addressText());
    }

    /**
     * Points the client's tunnel at {@code endpoint} and lets it send only there: to the node
     * {@code reachable} directly, or (null) to the accelerator. Every node has the clients' key, so a
     * node that once had the client and still sends to it would otherwise win it back. Resetting the
     * peer drops its session: the client handshakes at once, as a client does when the accelerator
     * moves it; a first ping carries it.
     */
    private void point(ClientSpec client, NodeSpec reachable, String endpoint, String firstPing) {
        String ns = clientNamespace(client);
        String wg = clientInterface(client).value();
        String open = reachable == null ? LISTENER.address() : reachable.underlayAddress();
        List<String> blocked = new ArrayList<>();
        Stream.concat(nodes.stream().map(NodeSpec::underlayAddress), Stream.of(LISTENER.address()))
                .filter(address -> !address.equals(open))
                .forEach(address -> blocked.add("route replace blackhole " + address + "/32"));
        ip(ns, blocked);
        try {
            run(ns, "ip", "route", "del", "blackhole", open + "/32");
        } catch (RuntimeException e) {
            // There was none: it was never blocked.
        }
        try {
            run(ns, "wg", "set", wg, "peer", clientsKey.base64(), "remove");
        } catch (RuntimeException e) {
            // Not configured yet: the first connection.
        }
        run(ns, "wg", "set", wg, "peer", clientsKey.base64(), "endpoint", endpoint,
                "allowed-ips", tunnel(client).config().allowedIpsArgument(), "persistent-keepalive", "25");
        Thread.ofVirtual().start(() -> ping(ns, firstPing));
    }

    private String clientNamespace(ClientSpec client) {
        return ns("k" + client.number());
    }

    private InterfaceName clientInterface(ClientSpec client) {
        return new InterfaceName(lab.iface("w") + "k" + client.number());
    }

    @Override
    public Optional<Edge> edge() {
        return Optional.of(edge);
    }

    private final Edge edge = new Edge() {
        @Override
        public EdgeRules.Listener listener() {
            return LISTENER;
        }

        @Override
        public void apply(String ruleset) {
            runner(edgeNamespace).run(List.of("nft", "-f", "-"), ruleset);
        }

        @Override
        public void connect(ClientSpec client) {
            // Behind the accelerator a node reaches the client only by answering it: none sends directly.
            point(client, null, tunnel(client).config().endpoint(), PROBE_ADDRESS);
        }

        @Override
        public CommandRunner clientRunner(ClientSpec client) {
            return runner(clientNamespace(client));
        }

        @Override
        public InterfaceName clientInterface(ClientSpec client) {
            return NamespaceNetwork.this.clientInterface(client);
        }

        @Override
        public PeerKey acceleratorKey() {
            return clientsKey;
        }

        @Override
        public String probeAddress() {
            return PROBE_ADDRESS;
        }
    };

    /** Both of the node's cables go down: to the underlay, and to its VPC (where its HA partner stays). */
    @Override
    public void cut(NodeSpec node) {
        run(ns("u"), "ip", "link", "set", nodeCables.get(node.name()), "down");
        run(vpcHosts.get(node.name()), "ip", "link", "set", vpcLegs.get(node.name()), "down");
    }

    @Override
    public void mend(NodeSpec node) {
        run(vpcHosts.get(node.name()), "ip", "link", "set", vpcLegs.get(node.name()), "up");
        run(ns("u"), "ip", "link", "set", nodeCables.get(node.name()), "up");
    }

    @Override
    public Instant latestHandshake(ClientSpec client, NodeSpec node) {
        String out = run(ns("n" + node.number()), "wg", "show", host(node).interfaces().clients().value(),
                "latest-handshakes");
        String key = clientKey(client).base64();
        return out.lines().filter(l -> l.startsWith(key)).map(l -> Instant.ofEpochSecond(
                Long.parseLong(l.substring(key.length()).trim()))).findFirst().orElse(Instant.EPOCH);
    }

    /** Where the VPC host behind {@code node} runs commands (the same host for both nodes of an HA pair). */
    public CommandRunner vpcHost(NodeSpec node) {
        return runner(vpcHosts.get(node.name()));
    }

    @Override
    public boolean reaches(NodeSpec node, ClientSpec client) {
        return ping(vpcHosts.get(node.name()), address(client).addressText());
    }

    private boolean ping(String ns, String address) {
        try {
            run(ns, "ping", "-c", "1", "-W", "0.15", address);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String ns(String name) {
        return lab.name(name);
    }

    private String namespace(String name) {
        return lab.host(name);
    }

    /** A veth pair from {@code ns} to the underlay bridge; the ns end gets {@code address}. Returns the bridge end. */
    private String link(String ns, String address, String underlay) {
        Lab.Veth pair = lab.veth(ns, underlay);
        run(ns, "ip", "addr", "add", address, "dev", pair.a());
        run(underlay, "ip", "link", "set", pair.b(), "master", "br0");
        return pair.b();
    }

    /** Several {@code ip} commands in one process ({@code ip -batch -}); each line's words are values parsed already. */
    private void ip(String ns, List<String> commands) {
        runner(ns).run(List.of("ip", "-batch", "-"), String.join("\n", commands) + "\n");
    }

    private String run(String ns, String... argv) {
        return lab.run(ns, argv);
    }

    private CommandRunner runner(String ns) {
        return lab.runner(ns);
    }

    /** Cleans up all it can and says on stderr what it could not: local mode is stopping either way. */
    @Override
    public synchronized void close() {
        try {
            if (configs != null) {
                Files.deleteIfExists(configs);
            }
        } catch (IOException e) {
            System.err.println("could not remove " + configs + ": " + e.getMessage());
        }
        try {
            lab.close();
        } catch (RuntimeException e) {
            System.err.println("could not clean up the namespaces: " + e.getMessage());
            for (Throwable more : e.getSuppressed()) {
                System.err.println("  and: " + more.getMessage());
            }
        }
    }
}
