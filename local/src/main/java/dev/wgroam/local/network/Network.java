package dev.wgroam.local.network;

import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.Optional;

/** The data plane local mode runs on: real namespaces, or a simulation when those cannot be had. */
public interface Network extends AutoCloseable {

    /** A line for the user: what this network is. */
    String kind();

    /** The node's host, for its agent. */
    NodeHost host(NodeSpec node);

    /**
     * Brings up a client from exactly its wg-quick config (as {@code client add} printed it): its
     * tunnel address, key and peer are the config's. {@code key} is the public key the registry
     * holds for it; a real network checks that the config's private key gives it.
     */
    void addClient(ClientSpec client, PeerKey key, String wgQuickConfig);

    /** Gives a running client a new config (a rotated key, the same address): its peer and session start anew. */
    void reconfigure(ClientSpec client, PeerKey key, String wgQuickConfig);

    /** Tears the client down: nothing of it is left. */
    void removeClient(ClientSpec client);

    /** The client's tunnel address, as its config gave it. */
    Cidr address(ClientSpec client);

    /** The client talks to {@code node} from now on (first connection, or a roam as the accelerator makes it). */
    void connect(ClientSpec client, NodeSpec node);

    /** The public key every node's clients interface shares: the fleet settings' clients key. */
    PeerKey clientsKey();

    /** The client's WireGuard public key. */
    PeerKey clientKey(ClientSpec client);

    /** The client's latest handshake at {@code node}; EPOCH if none. */
    Instant latestHandshake(ClientSpec client, NodeSpec node);

    /** Whether the VPC host behind {@code node} reaches the client, and the reply comes back. */
    boolean reaches(NodeSpec node, ClientSpec client);

    /** The accelerator's edge, where the network has one (real namespaces do). */
    default Optional<Edge> edge() {
        return Optional.empty();
    }

    /** The node's instance dies: nothing goes in or out of it any more. */
    default void cut(NodeSpec node) {
        throw new UnsupportedOperationException(kind() + " cannot cut a node off; real namespaces can");
    }

    /** The node's instance is back. */
    default void mend(NodeSpec node) {
        throw new UnsupportedOperationException(kind() + " cannot cut a node off; real namespaces can");
    }

    @Override
    void close();
}
