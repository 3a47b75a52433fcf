package dev.wgroam.local.network;

import dev.wgroam.agent.routes.Interfaces;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.lab.netns.Lab;
import dev.wgroam.local.accelerator.EdgeRules;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real data plane in network namespaces this process creates: an underlay bridge; per node a
 * namespace with wireguard-go {@code clients} and {@code backbone} interfaces (every node's clients
 * interface has the same key, as behind one accelerator address) and a VPC host behind it, each node
 * in its own VPC (peering carries no client traffic, so there is no path between VPCs but the
 * backbone) but an HA pair's, whose two nodes sit on one VPC bridge; per client a namespace with its
 * tunnel, whose endpoint is re-pointed (and the peer reset) to move it, as the accelerator would; and
 * the accelerator's {@link Edge}: a namespace between the clients' internet side and the underlay
 * whose nftables rules the stand-in accelerator writes.
 * Built on the {@link Lab}: interface and namespace names carry this process's PID; {@link #close}
 * kills what it started, by PID, and deletes every namespace. Traffic stays inside these namespaces.
 */
public final class NamespaceNetwork implements Network {

    /** The gateway address every node's clients interface carries: what a client's watchdog probes. */
    private static final String PROBE_ADDRESS = "10.50.0.1";
    private static final String CLIENT_ROUTES = "10.99.0.0/24,172.16.0.0/12," + PROBE_ADDRESS + "/32";
    private static final String EDGE_UNDERLAY_ADDRESS = "10.200.0.250";
    private static final String INTERNET = "10.201.0.0/24";
    private static final EdgeRules.Listener LISTENER = new EdgeRules.Listener("10.201.0.1", 51820, "br1");
    /** Global Accelerator's fixed idle timeout for UDP flows. */
    private static final int UDP_IDLE_TIMEOUT_SECONDS = 30;

    private final Lab lab = new Lab();
    private final Map<String, NodeHost> hosts = new ConcurrentHashMap<>();
    private final Map<String, PeerKey> clientKeys = new ConcurrentHashMap<>();
    private final Map<String, String> nodeCables = new ConcurrentHashMap<>();
    /** Each node's VPC host namespace (an HA pair's nodes share one) and its leg on that VPC's bridge. */
    private final Map<String, String> vpcHosts = new ConcurrentHashMap<>();
    private final Map<String, String> vpcLegs = new ConcurrentHashMap<>();
    private String edgeNamespace;
    private final List<NodeSpec> nodes;
    private PeerKey clientsKey;

    /** What this machine lacks for real namespaces, or "" when it has everything. */
    public static String missingPrerequisites() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (String program : List.of("wireguard-go", "wg", "ip", "ping", "nft")) {
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

    public NamespaceNetwork(List<NodeSpec> nodes, List<ClientSpec> clients) {
        this.nodes = List.copyOf(nodes);
        try {
            String underlay = namespace("u");
            lab.bridge(underlay, "br0");
            buildEdge(underlay);
            String clientsPrivate = run(underlay, "wg", "genkey").trim();
            clientsKey = new PeerKey(runner(underlay).run(List.of("wg", "pubkey"), clientsPrivate + "\n").trim());
            for (ClientSpec c : clients) {
                String key = run(underlay, "wg", "genkey").trim();
                clientKeys.put(c.name(), new PeerKey(runner(underlay).run(List.of("wg", "pubkey"), key + "\n").trim()));
                buildClient(underlay, c, key);
            }
            for (NodeSpec n : nodes) {
                buildNode(underlay, n, clientsPrivate, clients);
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

    private void buildNode(String underlay, NodeSpec n, String clientsPrivate, List<ClientSpec> clients) {
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
        for (ClientSpec client : clients) {
            run(ns, "wg", "set", c, "peer", clientKeys.get(client.name()).base64(), "allowed-ips", client.prefix().toString());
        }
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

    private void buildClient(String underlay, ClientSpec c, String privateKey) {
        String ns = namespace("k" + c.number());
        link(ns, "10.200.0." + (100 + c.number()) + "/24", underlay);
        Lab.Veth internet = lab.veth(ns, edgeNamespace);
        run(ns, "ip", "addr", "add", c.internetAddress() + "/24", "dev", internet.a());
        run(edgeNamespace, "ip", "link", "set", internet.b(), "master", LISTENER.clientInterface());
        String wg = clientInterface(c).value();
        // Strict reverse-path filtering: with a blackhole route to a node (see connect), that node's
        // packets are dropped on arrival too.
        run(ns, "sysctl", "-q", "-w", "net.ipv4.conf.all.rp_filter=1");
        lab.wireguard(ns, wg);
        runner(ns).run(List.of("wg", "set", wg, "private-key", "/dev/stdin"), privateKey);
        run(ns, "ip", "addr", "add", c.prefix().toString(), "dev", wg);
        run(ns, "ip", "link", "set", wg, "up");
        for (String route : CLIENT_ROUTES.split(",")) {
            run(ns, "ip", "route", "add", route, "dev", wg);
        }
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
    public PeerKey clientKey(ClientSpec client) {
        return clientKeys.get(client.name());
    }

    @Override
    public void connect(ClientSpec client, NodeSpec node) {
        point(client, node, node.underlayAddress() + ":51820", node.backboneAddress().addressText());
    }

    /**
     * Points the client's tunnel at {@code endpoint} and lets only {@code reachable} (null: no node)
     * send to it directly. Every node has the clients' key, so a node that once had the client and
     * still sends to it would otherwise win it back. Resetting the peer drops its session: the client
     * handshakes at once, as a client does when the accelerator moves it; a first ping carries it.
     */
    private void point(ClientSpec client, NodeSpec reachable, String endpoint, String firstPing) {
        String ns = clientNamespace(client);
        String wg = clientInterface(client).value();
        for (NodeSpec node : nodes) {
            String address = node.underlayAddress() + "/32";
            if (node.equals(reachable)) {
                try {
                    run(ns, "ip", "route", "del", "blackhole", address);
                } catch (RuntimeException e) {
                    // There was none: the node was never blocked.
                }
            } else {
                run(ns, "ip", "route", "replace", "blackhole", address);
            }
        }
        try {
            run(ns, "wg", "set", wg, "peer", clientsKey.base64(), "remove");
        } catch (RuntimeException e) {
            // Not configured yet: the first connection.
        }
        run(ns, "wg", "set", wg, "peer", clientsKey.base64(), "endpoint", endpoint,
                "allowed-ips", CLIENT_ROUTES, "persistent-keepalive", "25");
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
            point(client, null, LISTENER.address() + ":" + LISTENER.port(), PROBE_ADDRESS);
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
        String key = clientKeys.get(client.name()).base64();
        return out.lines().filter(l -> l.startsWith(key)).map(l -> Instant.ofEpochSecond(
                Long.parseLong(l.substring(key.length()).trim()))).findFirst().orElse(Instant.EPOCH);
    }

    /** Where the VPC host behind {@code node} runs commands (the same host for both nodes of an HA pair). */
    public CommandRunner vpcHost(NodeSpec node) {
        return runner(vpcHosts.get(node.name()));
    }

    @Override
    public boolean reaches(NodeSpec node, ClientSpec client) {
        return ping(vpcHosts.get(node.name()), client.address());
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
            lab.close();
        } catch (RuntimeException e) {
            System.err.println("could not clean up the namespaces: " + e.getMessage());
            for (Throwable more : e.getSuppressed()) {
                System.err.println("  and: " + more.getMessage());
            }
        }
    }
}
