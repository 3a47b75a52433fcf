package dev.wgroam.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What one node saw of one client: the latest handshake by the node's own clock, where the client
 * came from and how much it sent. Written only by that node's agent.
 */
public record Observation(NodeId node, NodeName nodeName, Region region, PeerKey client, Cidr clientPrefix,
                          Instant latestHandshake, Endpoint endpoint, long rxBytes, long txBytes, Instant observedAt) {

    public Observation {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(clientPrefix, "clientPrefix");
        Objects.requireNonNull(latestHandshake, "latestHandshake");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(observedAt, "observedAt");
        if (rxBytes < 0 || txBytes < 0) {
            throw new IllegalArgumentException("byte counters cannot be negative");
        }
    }
}
