package dev.wgroam.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The VPC prefix ownership rule, a pure function. VPC peering drops traffic from outside the VPC,
 * so a VPC prefix is reached only through a node of its own region: the current owner while it is
 * ACTIVE, else the region's configured primary, else the ACTIVE node with the smallest id. With no
 * ACTIVE node left the owner stays as it is: there is nowhere better to send the traffic.
 */
public final class VpcOwnership {

    /** A node of the prefix's region that can serve it. */
    public record Candidate(NodeId node, NodeName nodeName, NodeState state, boolean primary) {
        public Candidate {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(state, "state");
        }

        /** An approved node as a candidate: its approval's name and primary flag, with its current state. */
        public static Candidate of(NodeApproval approval, NodeState state) {
            return new Candidate(approval.node(), approval.name(), state, approval.primary());
        }
    }

    private static final Comparator<Candidate> PREFERENCE = Comparator
            .comparing((Candidate c) -> !c.primary())
            .thenComparing(Candidate::node);

    private VpcOwnership() {
    }

    /**
     * The nodes that can serve any of {@code prefixes}: of {@code approvals} (one region's), those
     * that list one of them, each with its state ({@code states}; absent = ACTIVE).
     */
    public static List<Candidate> candidates(Collection<Cidr> prefixes, Collection<NodeApproval> approvals,
                                             Map<NodeId, NodeState> states) {
        return approvals.stream()
                .filter(a -> a.vpcCidrs().stream().anyMatch(prefixes::contains))
                .map(a -> Candidate.of(a, states.getOrDefault(a.node(), NodeState.ACTIVE)))
                .toList();
    }

    /**
     * The node {@code prefixes} go to when their owner is not ACTIVE: among the ACTIVE
     * {@link #candidates}, the region's primary, else the smallest id. The ownership function
     * ({@link #decide}) and the failover function's route-table standby both choose with this, so
     * VPC routes and VPC prefix owners agree.
     */
    public static Optional<Candidate> standby(Collection<Cidr> prefixes, Collection<NodeApproval> approvals,
                                              Map<NodeId, NodeState> states) {
        return preferred(candidates(prefixes, approvals, states));
    }

    private static Optional<Candidate> preferred(Collection<Candidate> candidates) {
        return candidates.stream().filter(c -> c.state().isActive()).min(PREFERENCE);
    }

    /**
     * @param current    the current owner item, or null when the prefix has none yet
     * @param candidates the nodes of the prefix's region that list it, with their states ({@link #candidates})
     * @return the next owner, or empty when the current owner stays as it is
     */
    public static Optional<Owner> decide(Cidr prefix, Owner current, Collection<Candidate> candidates, Instant now) {
        if (current != null && !current.prefix().equals(prefix)) {
            throw new IllegalArgumentException("owner of " + current.prefix() + " passed for VPC prefix " + prefix);
        }
        boolean currentStillActive = current != null && candidates.stream()
                .anyMatch(c -> c.node().equals(current.node()) && c.state().isActive());
        if (currentStillActive) {
            return Optional.empty();
        }
        return preferred(candidates)
                .map(next -> current == null
                        ? new Owner(new Subject.Vpc(prefix), prefix, next.node(), next.nodeName(), Instant.EPOCH, 1, now, null)
                        : current.succeededBy(next.node(), next.nodeName(), prefix, Instant.EPOCH, now));
    }
}
