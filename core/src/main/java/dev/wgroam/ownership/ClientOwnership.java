package dev.wgroam.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
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
 *
 * <p>Only screened observations ({@link ClaimScreen}) are decided on, and handing over any other
 * is a programming error that throws; the owner's prefix is the client's registered address and
 * its name the approval's, never what a node wrote. A handshake held by the current owner item
 * that is later than now plus the margin is not believed at all (the incumbent then defends with
 * its screened observations only): clamping it to now plus the margin would still hold the client
 * for good, since no believable challenger is ever newer than that by more than the margin.
 */
public final class ClientOwnership {

    public static final Duration DEFAULT_SKEW_MARGIN = Duration.ofSeconds(5);

    /** Within one node's duplicates: the newest handshake, then the newest report, then a stable order. */
    private static final Comparator<Observation> NEWEST_FIRST = Comparator
            .comparing(Observation::latestHandshake).reversed()
            .thenComparing(Observation::observedAt, Comparator.reverseOrder())
            .thenComparing(Observation::endpoint, Comparator.comparing(Object::toString));

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
     * Decides the owner of one registered client.
     *
     * @param current      the current owner item, or null when the client has none yet
     * @param client       the client as registered: its key and the address its route takes
     * @param observations screened observations of this one client, in any order, duplicates allowed
     * @param registry     the approvals, for the owner's name
     * @param states       node states; a node missing from the map is ACTIVE
     * @param now          the time recorded as the change time, and the bound on believable handshakes
     * @return the next owner, or empty when the current owner stays as it is
     */
    public Optional<Owner> decide(Owner current, RegisteredClient client, Collection<Observation> observations,
                                  Registry registry, Map<NodeId, NodeState> states, Instant now) {
        Map<NodeId, Observation> latestPerNode = latestPerNode(observations, client, registry, now.plus(skewMargin));
        if (current != null && !current.subject().equals(new Subject.Client(client.key()))) {
            throw new IllegalArgumentException("owner of " + current.subject().id() + " passed for client " + client.key().shortForm());
        }
        // Across nodes: newest handshake, then ACTIVE before FAILED/DRAINED, then the smallest id.
        Comparator<Observation> ranking = Comparator.comparing(Observation::latestHandshake).reversed()
                .thenComparing((Observation o) -> !state(states, o.node()).isActive())
                .thenComparing(Observation::node);

        if (current == null) {
            if (latestPerNode.isEmpty()) {
                return Optional.empty();
            }
            Observation winner = latestPerNode.values().stream().min(ranking).orElseThrow();
            return Optional.of(new Owner(new Subject.Client(client.key()), client.address(), winner.node(),
                    name(registry, winner.node()), winner.latestHandshake(), 1, now, null));
        }

        NodeId incumbent = current.node();
        Instant held = current.handshake().isAfter(now.plus(skewMargin)) ? Instant.EPOCH : current.handshake();
        Observation incumbentView = latestPerNode.get(incumbent);
        Instant incumbentHandshake = incumbentView == null || incumbentView.latestHandshake().isBefore(held)
                ? held : incumbentView.latestHandshake();
        Optional<Observation> challenger = latestPerNode.values().stream()
                .filter(o -> !o.node().equals(incumbent))
                .min(ranking);

        // A node whose approval is gone defends its clients no better than a FAILED one.
        boolean incumbentActive = registry.approval(incumbent).isPresent() && state(states, incumbent).isActive();
        if (challenger.isPresent() && beats(challenger.get().latestHandshake(), incumbentHandshake, incumbentActive)) {
            Observation winner = challenger.get();
            return Optional.of(current.succeededBy(winner.node(), name(registry, winner.node()), client.address(),
                    winner.latestHandshake(), now));
        }
        if (!client.address().equals(current.prefix())) {
            // Same owner, but the operator gave the client another address: the route itself moves.
            NodeName incumbentName = registry.approval(incumbent).map(NodeApproval::name).orElse(current.nodeName());
            return Optional.of(current.succeededBy(incumbent, incumbentName, client.address(), incumbentHandshake, now));
        }
        return Optional.empty();
    }

    /** The approval's name of a node that observed the client: approved, since only screened observations get here. */
    private static NodeName name(Registry registry, NodeId node) {
        return registry.approval(node).orElseThrow().name();
    }

    private boolean beats(Instant challenger, Instant incumbent, boolean incumbentActive) {
        Instant bar = incumbentActive ? incumbent.plus(skewMargin) : incumbent;
        return challenger.isAfter(bar);
    }

    /**
     * One observation per node, the newest; never-handshaked peers are not candidates. Throws for an
     * observation {@link ClaimScreen} would have refused: a decision must never see one.
     */
    private static Map<NodeId, Observation> latestPerNode(Collection<Observation> observations, RegisteredClient client,
                                                          Registry registry, Instant latestBelievable) {
        Map<NodeId, Observation> latest = new HashMap<>();
        for (Observation o : observations) {
            if (!o.client().equals(client.key())) {
                throw new IllegalArgumentException("observation of client " + o.client().shortForm()
                        + " passed for client " + client.key().shortForm());
            }
            if (registry.approval(o.node()).isEmpty() || o.latestHandshake().isAfter(latestBelievable)) {
                throw new IllegalArgumentException("unscreened observation of client " + client.key().shortForm()
                        + " by node " + o.node() + " passed to a decision: screen observations first (ClaimScreen)");
            }
            if (!o.latestHandshake().isAfter(Instant.EPOCH)) {
                continue;
            }
            latest.merge(o.node(), o, (a, b) -> NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
        }
        return latest;
    }

    private static NodeState state(Map<NodeId, NodeState> states, NodeId node) {
        return states.getOrDefault(node, NodeState.ACTIVE);
    }
}
