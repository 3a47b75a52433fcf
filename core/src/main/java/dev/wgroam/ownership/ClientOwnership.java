package dev.wgroam.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The client ownership rule, a pure function: the node with the newest handshake owns the client.
 *
 * <p>Handshake times come from different nodes' clocks, which AWS time sync keeps within about
 * a second of each other but not exactly together. So a challenger takes a client from an ACTIVE
 * owner only when its handshake is newer by more than {@link #skewMargin()}; handshakes closer
 * than that are a tie, and a tie keeps the current owner. With the default margin of 5 s, two
 * clocks that are each within ±2 s of true time (4 s apart at worst) cannot reorder handshakes
 * that decide a change, so a client seen by two nodes at nearly the same moment stays where it
 * is instead of flipping back and forth on every report (see docs/decisions/0002).
 *
 * <p>A FAILED or DRAINED node never wins a tie and keeps a client only until any node reports a
 * strictly fresher handshake. Among challengers, ties go to ACTIVE nodes, then the smallest id.
 */
public final class ClientOwnership {

    public static final Duration DEFAULT_SKEW_MARGIN = Duration.ofSeconds(5);

    /** Within one node's duplicates: the newest handshake, then the newest report, then a stable order. */
    private static final Comparator<Observation> NEWEST_FIRST = Comparator
            .comparing(Observation::latestHandshake).reversed()
            .thenComparing(Observation::observedAt, Comparator.reverseOrder())
            .thenComparing(Observation::clientPrefix);

    private final Duration skewMargin;

    public ClientOwnership(Duration skewMargin) {
        if (skewMargin.isNegative()) {
            throw new IllegalArgumentException("skew margin cannot be negative: " + skewMargin);
        }
        this.skewMargin = skewMargin;
    }

    public Duration skewMargin() {
        return skewMargin;
    }

    /**
     * Decides the owner of the client the observations are about.
     *
     * @param current      the current owner item, or null when the client has none yet
     * @param observations every node's observation of this one client, in any order, duplicates allowed
     * @param states       node states; a node missing from the map is ACTIVE
     * @param now          the time recorded as the change time
     * @return the next owner, or empty when the current owner stays as it is
     */
    public Optional<Owner> decide(Owner current, Collection<Observation> observations, Map<NodeId, NodeState> states,
                                  Instant now) {
        Map<NodeId, Observation> latestPerNode = latestPerNode(observations, current);
        if (latestPerNode.isEmpty()) {
            return Optional.empty();
        }
        // Across nodes: newest handshake, then ACTIVE before FAILED/DRAINED, then the smallest id.
        Comparator<Observation> ranking = Comparator.comparing(Observation::latestHandshake).reversed()
                .thenComparing((Observation o) -> !state(states, o.node()).isActive())
                .thenComparing(Observation::node);

        if (current == null) {
            Observation winner = latestPerNode.values().stream().min(ranking).orElseThrow();
            return Optional.of(first(winner, now));
        }

        NodeId incumbent = current.node();
        Observation incumbentView = latestPerNode.get(incumbent);
        Instant incumbentHandshake = incumbentView == null || incumbentView.latestHandshake().isBefore(current.handshake())
                ? current.handshake() : incumbentView.latestHandshake();
        Optional<Observation> challenger = latestPerNode.values().stream()
                .filter(o -> !o.node().equals(incumbent))
                .min(ranking);

        boolean incumbentActive = state(states, incumbent).isActive();
        if (challenger.isPresent() && beats(challenger.get().latestHandshake(), incumbentHandshake, incumbentActive)) {
            Observation winner = challenger.get();
            return Optional.of(current.succeededBy(winner.node(), winner.nodeName(), winner.clientPrefix(),
                    winner.latestHandshake(), now));
        }
        if (incumbentView != null && !incumbentView.clientPrefix().equals(current.prefix())) {
            // Same owner, but the client's tunnel address changed: the route itself moves.
            return Optional.of(current.succeededBy(incumbent, incumbentView.nodeName(), incumbentView.clientPrefix(),
                    current.handshake(), now));
        }
        return Optional.empty();
    }

    private boolean beats(Instant challenger, Instant incumbent, boolean incumbentActive) {
        Instant bar = incumbentActive ? incumbent.plus(skewMargin) : incumbent;
        return challenger.isAfter(bar);
    }

    private static Owner first(Observation winner, Instant now) {
        return new Owner(new Subject.Client(winner.client()), winner.clientPrefix(), winner.node(), winner.nodeName(),
                winner.latestHandshake(), 1, now, null);
    }

    /** One observation per node, the newest; never-handshaked peers are not candidates. */
    private static Map<NodeId, Observation> latestPerNode(Collection<Observation> observations, Owner current) {
        Map<NodeId, Observation> latest = new HashMap<>();
        for (Observation o : observations) {
            if (current != null && current.subject() instanceof Subject.Client c && !c.key().equals(o.client())) {
                throw new IllegalArgumentException("observation of client " + o.client().shortForm()
                        + " passed for the owner of " + c.key().shortForm());
            }
            if (!o.latestHandshake().isAfter(Instant.EPOCH)) {
                continue;
            }
            latest.merge(o.node(), o, (a, b) -> NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
        }
        long clients = latest.values().stream().map(Observation::client).distinct().count();
        if (clients > 1) {
            throw new IllegalArgumentException("observations of " + clients + " different clients passed to one decision");
        }
        return latest;
    }

    private static NodeState state(Map<NodeId, NodeState> states, NodeId node) {
        return states.getOrDefault(node, NodeState.ACTIVE);
    }
}
