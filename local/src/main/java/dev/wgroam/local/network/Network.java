package dev.wgroam.local.network;

import java.time.Instant;

/** The data plane local mode runs on: real namespaces, or a simulation when those cannot be had. */
public interface Network extends AutoCloseable {

    /** A line for the user: what this network is. */
    String kind();

    /** The node's host, for its agent. */
    NodeHost host(NodeSpec node);

    /** The client talks to {@code node} from now on (first connection, or a roam as the accelerator makes it). */
    void connect(ClientSpec client, NodeSpec node);

    /** The client's WireGuard public key. */
    dev.wgroam.wireguard.PeerKey clientKey(ClientSpec client);

    /** The client's latest handshake at {@code node}; EPOCH if none. */
    Instant latestHandshake(ClientSpec client, NodeSpec node);

    /** Whether the VPC host behind {@code node} reaches the client, and the reply comes back. */
    boolean reaches(NodeSpec node, ClientSpec client);

    /** The accelerator's edge, where the network has one (real namespaces do). */
    default java.util.Optional<Edge> edge() {
        return java.util.Optional.empty();
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
