package dev.wgroam.local.network;

import dev.wgroam.commands.CommandRunner;
import dev.wgroam.agent.routes.Interfaces;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A SIMULATED data plane, for machines without root or wireguard-go: each node's host is the
 * {@link SimulatedHost} model of {@code wg} and {@code ip} behind the agent's command runner, its
 * clients handshake every 2 minutes while they talk to the node, and reachability is computed from
 * the modelled routes and allowed IPs. The agents, the function and the table are the real ones.
 */
public final class SimulatedNetwork implements Network {

    private static final Duration REKEY = Duration.ofMinutes(2);
    private static final InterfaceName CLIENTS = new InterfaceName("clients");
    private static final InterfaceName BACKBONE = new InterfaceName("backbone");

    private final Clock clock;
    private final Map<String, SimulatedHost> hosts = new TreeMap<>();
    private final Map<String, NodeSpec> nodes = new TreeMap<>();
    private final Map<String, ClientSpec> clients = new ConcurrentHashMap<>();
    private final Map<String, PeerKey> clientKeys = new ConcurrentHashMap<>();
    private final Map<String, Cidr> addresses = new ConcurrentHashMap<>();
    private final Map<String, String> clientAt = new ConcurrentHashMap<>();
    private final Map<String, Instant> connectedSince = new ConcurrentHashMap<>();

    public SimulatedNetwork(Clock clock, List<NodeSpec> nodeSpecs) {
        this.clock = clock;
        for (NodeSpec n : nodeSpecs) {
            nodes.put(n.name(), n);
            hosts.put(n.name(), newHost(n));
        }
    }

    @Override
    public String kind() {
        return "SIMULATED WireGuard: agents, function and table are real; the hosts' wg and ip are modelled";
    }

    @Override
    public NodeHost host(NodeSpec node) {
        SimulatedHost host = hosts.get(node.name());
        CommandRunner runner = (argv, stdin) -> {
            handshakes(node);
            return host.run(argv, stdin);
        };
        return new NodeHost(runner, name -> true, new Interfaces(CLIENTS, BACKBONE),
                new Endpoint(node.underlayAddress(), 51821));
    }

    /** A modelled client is its key and its config's address; the key is taken as given (nothing here computes X25519). */
    @Override
    public void addClient(ClientSpec client, PeerKey key, String wgQuickConfig) {
        Cidr address = WgQuickConfig.parse(wgQuickConfig).address();
        clientKeys.put(client.name(), key);
        addresses.put(client.name(), address);
        clients.put(client.name(), client);
    }

    @Override
    public void reconfigure(ClientSpec client, PeerKey key, String wgQuickConfig) {
        addClient(client, key, wgQuickConfig);
        connectedSince.computeIfPresent(client.name(), (name, since) -> clock.instant());
    }

    @Override
    public void removeClient(ClientSpec client) {
        clients.remove(client.name());
        clientAt.remove(client.name());
        connectedSince.remove(client.name());
        clientKeys.remove(client.name());
        addresses.remove(client.name());
    }

    @Override
    public Cidr address(ClientSpec client) {
        return addresses.get(client.name());
    }

    @Override
    public PeerKey clientsKey() {
        return key(100);
    }

    @Override
    public PeerKey clientKey(ClientSpec client) {
        return clientKeys.get(client.name());
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
        boolean forward = deliversTo(from, address(client), serving);
        boolean back = from.name().equals(at) || deliversTo(serving, from.vpc(), from);
        return forward && back;
    }

    /** Whether {@code prefix} sent from {@code from} ends at {@code target}, one backbone hop at most. */
    private boolean deliversTo(NodeSpec from, Cidr prefix, NodeSpec target) {
        String device = hosts.get(from.name()).routes().get(prefix.toString());
        if (device == null) {
            return false;
        }
        if (device.equals(CLIENTS.value())) {
            return from.name().equals(target.name());
        }
        String peer = hosts.get(from.name()).peers(BACKBONE.value()).entrySet().stream()
                .filter(e -> e.getValue().allowedIps().contains(prefix.toString())).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        if (peer == null || !peer.equals(backboneKey(target).base64())) {
            return false;
        }
        if (prefix.equals(target.vpc())) {
            return true;
        }
        return CLIENTS.value().equals(hosts.get(target.name()).routes().get(prefix.toString()));
    }

    @Override
    public void close() {
        // Nothing outside this process to clean up.
    }

    /** A node's host as it starts: both interfaces up, no peers; the agent makes the registry's clients peers. */
    private static SimulatedHost newHost(NodeSpec node) {
        return new SimulatedHost().wireguard(CLIENTS.value(), key(250), key(100), 51820)
                .wireguard(BACKBONE.value(), key(250), backboneKey(node), 51821);
    }

    /**
     * What the world did to the node's interfaces since the agent last looked: a client talking to
     * the node handshakes every 2 minutes, once the node has it as a peer (WireGuard ignores unknown
     * keys); backbone peers handshake as keepalives flow.
     */
    private void handshakes(NodeSpec node) {
        SimulatedHost host = hosts.get(node.name());
        Map<String, SimulatedHost.Peer> clientPeers = host.peers(CLIENTS.value());
        for (ClientSpec c : clients.values()) {
            Instant handshake = latestHandshake(c, node);
            PeerKey key = clientKey(c);
            SimulatedHost.Peer peer = key == null ? null : clientPeers.get(key.base64());
            if (peer != null && !handshake.equals(Instant.EPOCH) && peer.latestHandshake() < handshake.getEpochSecond()) {
                host.handshake(CLIENTS.value(), key.base64(), "198.51.100." + c.number() + ":51820", handshake);
            }
        }
        host.peers(BACKBONE.value()).forEach((key, peer) -> host.handshake(BACKBONE.value(), key, peer.endpoint(),
                clock.instant().minusSeconds(5)));
    }

    private static PeerKey backboneKey(NodeSpec node) {
        return key(200 + node.number());
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
