package dev.wgroam.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What one node says it saw of one client: the latest handshake by the node's own clock, where the
 * client came from and how much it sent. Written only by that node's agent, and believed only as
 * far as {@link ClaimScreen} allows: an approved node, a registered client, a handshake not in the future.
 */
public record Observation(NodeId node, PeerKey client, Instant latestHandshake, Endpoint endpoint, long rxBytes,
                          long txBytes, Instant observedAt) {

    public Observation {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(latestHandshake, "latestHandshake");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(observedAt, "observedAt");
        if (rxBytes < 0 || txBytes < 0) {
            throw new IllegalArgumentException("byte counters cannot be negative");
        }
    }
}
