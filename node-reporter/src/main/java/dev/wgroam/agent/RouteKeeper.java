package dev.wgroam.agent;

import dev.wgroam.agent.routes.OwnerBook;
import dev.wgroam.agent.routes.PushResult;
import dev.wgroam.agent.routes.Refusal;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.RouteEntry;
import java.time.Instant;
import java.util.List;

/**
 * The route side of the agent as the loops use it: pushed updates and reconciles take the same
 * path (merge into the owner book, derive the desired host state from the registry, bring the host
 * to it). Thread-safe.
 */
public interface RouteKeeper {

    /** Applies pushed entries; returns how each fared and what the host changes did. */
    PushResult applyPushed(List<RouteEntry> entries, Instant now);

    /**
     * Applies the table's full owner set (its owner items, with their handshakes) against the
     * registry and the approved nodes' records; throws when the host cannot be brought in line.
     */
    void reconcile(List<OwnerBook.Entry> owners, Registry registry, List<NodeRecord> nodes, Instant now);

    /**
     * Whether this node serves clients: false while its status says it is drained and steered away
     * from ({@code NodeStatus.steeredAway}), so the peers of clients that run the watchdog leave its
     * clients interface and their watchdogs rebind to another node; a client without one keeps its
     * peer, since nothing would move it. Takes effect on the next push or reconcile.
     */
    void serveClients(boolean serve);

    /**
     * The owner book: every prefix's believed owner, pushes included, with the table's handshakes;
     * an immutable snapshot. The routes are derived from it, and the reporter reads it.
     */
    OwnerBook owners();

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
