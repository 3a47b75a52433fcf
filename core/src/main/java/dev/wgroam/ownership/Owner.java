package dev.wgroam.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.time.Instant;
import java.util.Objects;

/**
 * Who routes a prefix now. Written only by the ownership function; {@code version} grows by one on
 * every change so that nodes apply updates in order and ignore stale ones.
 *
 * @param handshake     the winning handshake (the owner's clock); {@link Instant#EPOCH} for VPC prefixes
 * @param previousNode  the owner before this change; null for the first owner
 */
public record Owner(Subject subject, Cidr prefix, NodeId node, NodeName nodeName, Instant handshake, long version,
                    Instant changedAt, NodeId previousNode) {

    public Owner {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(handshake, "handshake");
        Objects.requireNonNull(changedAt, "changedAt");
        if (version < 1 || version > RouteEntry.MAX_VERSION) {
            throw new IllegalArgumentException("owner version out of range 1-" + RouteEntry.MAX_VERSION + ": " + version);
        }
        if (subject instanceof Subject.Vpc vpc && !vpc.prefix().equals(prefix)) {
            throw new IllegalArgumentException("a VPC owner's prefix is its subject: " + prefix + " vs " + vpc.prefix());
        }
    }

    /** The owner that follows this one when {@code next} takes over at {@code now}. */
    Owner succeededBy(NodeId next, NodeName nextName, Cidr nextPrefix, Instant nextHandshake, Instant now) {
        return new Owner(subject, nextPrefix, next, nextName, nextHandshake, version + 1, now, node);
    }
}
