package dev.wgroam.routes;

import dev.wgroam.fleet.NodeId;
import java.util.Objects;

/** One versioned route: {@code prefix} goes to {@code owner}; a node applies it only if {@code version} is newer. */
public record RouteEntry(Cidr prefix, NodeId owner, long version) {

    /** 18 digits: versions grow by one per change, so this is never reached, and the wire format stays fixed-width-bounded. */
    public static final long MAX_VERSION = 999_999_999_999_999_999L;

    public RouteEntry {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(owner, "owner");
        if (version < 1 || version > MAX_VERSION) {
            throw new IllegalArgumentException("route version out of range 1-" + MAX_VERSION + ": " + version);
        }
    }
}
