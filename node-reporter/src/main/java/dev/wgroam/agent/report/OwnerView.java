package dev.wgroam.agent.report;

import dev.wgroam.fleet.NodeId;
import java.time.Instant;
import java.util.Objects;

/**
 * What this agent knows of a client's owner: the node, the owner item's version, and the winning
 * handshake when known (from the owner item read by reconcile); {@link Instant#EPOCH} when only a
 * push told us the owner.
 */
public record OwnerView(NodeId owner, long version, Instant handshake) {
    public OwnerView {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(handshake, "handshake");
    }
}
