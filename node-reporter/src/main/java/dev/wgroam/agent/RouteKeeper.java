package dev.wgroam.agent;

import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.routes.RouteEntry;
import java.time.Instant;
import java.util.List;

/**
 * The route side of the agent as the loops use it: pushed updates and reconciles take the same
 * path (merge by version, derive the desired host state, bring the host to it). Thread-safe.
 */
public interface RouteKeeper {

    /** Applies pushed entries; returns the per-prefix report, first word OK or PARTIAL. */
    String applyPushed(List<RouteEntry> entries, Instant now);

    /** Applies the table's full owner set and node records; throws when the host cannot be brought in line. */
    void reconcile(List<RouteEntry> owners, List<NodeRecord> nodes, Instant now);

    /** What is applied now, for the node record. */
    AppliedRoutes applied();

    /**
     * How many pushes and reconciles since start left the host short of the desired state (a host
     * change or the read of the host failed); only grows, so the heartbeat can send the difference.
     */
    long failedApplies();
}
