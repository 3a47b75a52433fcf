package dev.wgroam.agent;

import dev.wgroam.agent.routes.Refusal;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The route side of the agent as the loops use it: pushed updates and reconciles take the same
 * path (merge into the owner book, derive the desired host state from the registry, bring the host
 * to it). Thread-safe.
 */
public interface RouteKeeper {

    /** Applies pushed entries; returns the per-prefix report, first word OK or PARTIAL. */
    String applyPushed(List<RouteEntry> entries, Instant now);

    /**
     * Applies the table's full owner set against the registry and the approved nodes' records;
     * throws when the host cannot be brought in line.
     */
    void reconcile(List<RouteEntry> owners, Registry registry, List<NodeRecord> nodes, Instant now);

    /** The owner book: every prefix's believed owner entry, pushes included; an immutable snapshot. */
    Map<Cidr, RouteEntry> owners();

    /** What is applied now, for the node record. */
    AppliedRoutes applied();

    /**
     * How many pushes and reconciles since start left the host short of the desired state (a host
     * change or the read of the host failed); only grows, so the heartbeat can send the difference.
     */
    long failedApplies();

    /**
     * How many refusals since start (an owner entry or node record not believed, counted once when
     * it first appears); only grows, so the heartbeat can send the difference.
     */
    long refusals();

    /** The refusals that appeared since the last call (the first few), for the log. */
    List<Refusal> takeNewRefusals();
}
