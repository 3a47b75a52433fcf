package dev.wgroam.it;

import dev.wgroam.local.network.Network;
import dev.wgroam.local.network.NodeSpec;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.List;
import java.util.Set;

/** What a node of the lab has of a client, read as an operator would: {@code wg show} and {@code ip route} on the node. */
public final class NodeViews {

    private NodeViews() {
    }

    /** The public keys of the node's clients interface's peers. */
    public static Set<String> clientPeers(Network network, NodeSpec node) {
        return Set.copyOf(run(network, node, "wg", "show", network.host(node).interfaces().clients().value(), "peers")
                .lines().filter(l -> !l.isBlank()).toList());
    }

    public static boolean hasPeer(Network network, NodeSpec node, PeerKey key) {
        return clientPeers(network, node).contains(key.base64());
    }

    /** Whether the node has a route for exactly {@code prefix}. */
    public static boolean hasRoute(Network network, NodeSpec node, Cidr prefix) {
        return !run(network, node, "ip", "route", "show", "exact", prefix.toString()).isBlank();
    }

    /** The clients interface's {@code wg show dump}, without its first line (the interface's own, with its private key). */
    public static List<String> clientPeerDump(Network network, NodeSpec node) {
        return run(network, node, "wg", "show", network.host(node).interfaces().clients().value(), "dump")
                .lines().skip(1).toList();
    }

    public static String run(Network network, NodeSpec node, String... argv) {
        return network.host(node).runner().run(List.of(argv));
    }
}
