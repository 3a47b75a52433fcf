package dev.wgroam.routes;

import dev.wgroam.fleet.NodeId;
import java.util.Objects;

/** One versioned route: {@code prefix} goes to {@code owner}; a node applies it only if {@code version} is newer. */
public record RouteEntry(Cidr prefix, NodeId owner, long version) {

    /**
     * Versions grow by one per change: a trillion is more than a change a millisecond for thirty
     * years, and low enough that sums over millions of routes cannot overflow a long.
     */
    public static final long MAX_VERSION = 1_000_000_000_000L;

    public RouteEntry {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(owner, "owner");
        if (version < 1 || version > MAX_VERSION) {
            throw new IllegalArgumentException("route version out of range 1-" + MAX_VERSION + ": " + version);
        }
    }
}
