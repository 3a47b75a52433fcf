package dev.wgroam.local.network;

import dev.wgroam.agent.host.CommandRunner;
import dev.wgroam.agent.routes.Interfaces;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A SIMULATED data plane, for machines without root or wireguard-go: each node's host is a model
 * behind the agent's command runner that answers {@code wg show … dump}, {@code wg set},
 * {@code ip route} exactly as the real tools would (WireGuard's allowed IPs as one routing table,
 * a handshake every 2 minutes while a client talks to the node), and reachability is computed from
 * the modelled routes. The agents, the function and the table are the real ones.
 */
public final class SimulatedNetwork implements Network {

    private static final Duration REKEY = Duration.ofMinutes(2);
    private static final InterfaceName CLIENTS = new InterfaceName("clients");
    private static final InterfaceName BACKBONE = new InterfaceName("backbone");

    private final Clock clock;
    private final Map<String, SimulatedHost> hosts = new TreeMap<>();
    private final Map<String, NodeSpec> nodes = new TreeMap<>();
    private final Map<String, ClientSpec> clients = new TreeMap<>();
    private final Map<String, String> clientAt = new ConcurrentHashMap<>();
    private final Map<String, Instant> connectedSince = new ConcurrentHashMap<>();

    public SimulatedNetwork(Clock clock, List<NodeSpec> nodeSpecs, List<ClientSpec> clientSpecs) {
        this.clock = clock;
        for (NodeSpec n : nodeSpecs) {
            nodes.put(n.name(), n);
            hosts.put(n.name(), new SimulatedHost(n));
        }
        clientSpecs.forEach(c -> clients.put(c.name(), c));
    }

    @Override
    public String kind() {
        return "SIMULATED WireGuard: agents, function and table are real; the hosts' wg and ip are modelled";
    }

    @Override
    public NodeHost host(NodeSpec node) {
        SimulatedHost host = hosts.get(node.name());
        return new NodeHost(host, name -> true, new Interfaces(CLIENTS, BACKBONE),
                new Endpoint(node.underlayAddress(), 51821));
    }

    @Override
    public PeerKey clientKey(ClientSpec client) {
        return key(client.number());
    }

    @Override
    public void connect(ClientSpec client, NodeSpec node) {
        clientAt.put(client.name(), node.name());
        connectedSince.put(client.name(), clock.instant());
    }

    @Override
    public Instant latestHandshake(ClientSpec client, NodeSpec node) {
        if (!node.name().equals(clientAt.get(client.name()))) {
            return Instant.EPOCH;
        }
        Instant since = connectedSince.get(client.name());
        long rekeys = Duration.between(since, clock.instant()).toSeconds() / REKEY.toSeconds();
        // wg reports whole seconds.
        return Instant.ofEpochSecond(since.plus(REKEY.multipliedBy(rekeys)).getEpochSecond());
    }

    @Override
    public boolean reaches(NodeSpec from, ClientSpec client) {
        String at = clientAt.get(client.name());
        if (at == null) {
            return false;
        }
        NodeSpec serving = nodes.get(at);
        boolean forward = deliversTo(from, client.prefix(), serving);
        boolean back = from.name().equals(at) || deliversTo(serving, from.vpc(), from);
        return forward && back;
    }

    /** Whether {@code prefix} sent from {@code from} ends at {@code target}, one backbone hop at most. */
    private boolean deliversTo(NodeSpec from, Cidr prefix, NodeSpec target) {
        SimulatedHost host = hosts.get(from.name());
        String device = host.routes.get(prefix.toString());
        if (device == null) {
            return false;
        }
        if (device.equals(CLIENTS.value())) {
            return from.name().equals(target.name());
        }
        String peer = host.peerCarrying(prefix.toString());
        if (peer == null) {
            return false;
        }
        SimulatedHost next = hosts.values().stream().filter(h -> h.backboneKey.equals(peer)).findFirst().orElse(null);
        if (next == null || !next.node.name().equals(target.name())) {
            return false;
        }
        if (prefix.equals(target.vpc())) {
            return true;
        }
        return CLIENTS.value().equals(next.routes.get(prefix.toString()));
    }

    @Override
    public void close() {
        // Nothing outside this process to clean up.
    }

    /** One node's modelled host, answering the agent's commands. */
    private final class SimulatedHost implements CommandRunner {
        final NodeSpec node;
        final String backboneKey;
        final Map<String, Set<String>> peers = new ConcurrentHashMap<>();
        final Map<String, String> peerEndpoints = new ConcurrentHashMap<>();
        final Map<String, String> routes = new ConcurrentHashMap<>();

        SimulatedHost(NodeSpec node) {
            this.node = node;
            this.backboneKey = key(200 + node.number()).base64();
        }

        String peerCarrying(String prefix) {
            return peers.entrySet().stream().filter(e -> e.getValue().contains(prefix)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }

        @Override
        public synchronized String run(List<String> argv, String stdin) {
            if (argv.equals(List.of("wg", "show", CLIENTS.value(), "dump"))) {
                return clientsDump();
            }
            if (argv.equals(List.of("wg", "show", BACKBONE.value(), "dump"))) {
                return backboneDump();
            }
            if (argv.size() == 7 && argv.subList(0, 6).equals(List.of("ip", "-4", "-o", "route", "show", "dev"))) {
                StringBuilder out = new StringBuilder();
                routes.forEach((prefix, dev) -> {
                    if (dev.equals(argv.get(6))) {
                        out.append(prefix).append(" scope link\n");
                    }
                });
                return out.toString();
            }
            if (argv.size() == 11 && argv.subList(0, 4).equals(List.of("wg", "set", BACKBONE.value(), "peer"))) {
                Set<String> ips = new LinkedHashSet<>(Arrays.asList(argv.get(10).split(",")));
                peers.values().forEach(other -> other.removeAll(ips));
                peers.put(argv.get(4), ConcurrentHashMap.newKeySet());
                peers.get(argv.get(4)).addAll(ips);
                peerEndpoints.put(argv.get(4), argv.get(6));
                return "";
            }
            if (argv.size() == 6 && argv.get(5).equals("remove") && argv.subList(0, 4).equals(
                    List.of("wg", "set", BACKBONE.value(), "peer"))) {
                peers.remove(argv.get(4));
                peerEndpoints.remove(argv.get(4));
                return "";
            }
            if (argv.size() == 6 && argv.subList(0, 2).equals(List.of("ip", "route")) && argv.get(4).equals("dev")) {
                switch (argv.get(2)) {
                    case "replace" -> routes.put(argv.get(3), argv.get(5));
                    case "del" -> routes.remove(argv.get(3), argv.get(5));
                    default -> throw new IllegalArgumentException("simulated host: unknown command " + argv);
                }
                return "";
            }
            throw new IllegalArgumentException("simulated host: unknown command " + argv);
        }

        private String clientsDump() {
            StringBuilder out = new StringBuilder(header(key(100).base64()));
            for (ClientSpec c : clients.values()) {
                Instant handshake = latestHandshake(c, node);
                String endpoint = handshake.equals(Instant.EPOCH) ? "(none)" : "198.51.100." + c.number() + ":51820";
                out.append(key(c.number()).base64()).append("\t(none)\t").append(endpoint).append('\t')
                        .append(c.prefix()).append('\t').append(handshake.getEpochSecond()).append("\t0\t0\toff\n");
            }
            return out.toString();
        }

        private String backboneDump() {
            StringBuilder out = new StringBuilder(header(backboneKey));
            peers.forEach((key, ips) -> out.append(key).append("\t(none)\t").append(peerEndpoints.get(key)).append('\t')
                    .append(ips.isEmpty() ? "(none)" : String.join(",", ips))
                    // A live backbone: peers handshake as keepalives flow.
                    .append('\t').append(clock.instant().getEpochSecond() - 5).append("\t0\t0\t25\n"));
            return out.toString();
        }

        private String header(String publicKey) {
            return key(250).base64() + "\t" + publicKey + "\t51820\toff\n";
        }
    }

    /** Keys for the model: distinct, valid, derived from a number. */
    static PeerKey key(int n) {
        byte[] raw = new byte[32];
        raw[0] = (byte) n;
        raw[1] = (byte) (n >> 8);
        raw[2] = 1;
        return PeerKey.of(raw);
    }
}
