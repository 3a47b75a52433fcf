package dev.wgroam.ownership;

import static dev.wgroam.ownership.Fixtures.NOW;
import static dev.wgroam.ownership.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.ownership.VpcOwnership.Candidate;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VpcOwnershipTest {

    static final Cidr VPC = Cidr.parse("172.31.0.0/16");

    static Candidate candidate(String node, NodeState state, boolean primary) {
        return new Candidate(node(node), new NodeName("vpn-" + node), state, primary);
    }

    static Owner owner(String node, long version) {
        return new Owner(new Subject.Vpc(VPC), VPC, node(node), new NodeName("vpn-" + node), Instant.EPOCH, version,
                NOW.minusSeconds(600), null);
    }

    @Test
    void decide_whenNoOwner_primaryWins() {
        Owner first = VpcOwnership.decide(VPC, null, List.of(
                candidate("a", NodeState.ACTIVE, false), candidate("b", NodeState.ACTIVE, true)), NOW).orElseThrow();

        assertEquals(node("b"), first.node());
        assertEquals(1, first.version());
        assertEquals(new Subject.Vpc(VPC), first.subject());
    }

    @Test
    void decide_whenCurrentOwnerActive_keepsItOverThePrimary() {
        // Moving back to the primary as soon as it returns would flap routes; failback is the failover function's call.
        assertEquals(Optional.empty(), VpcOwnership.decide(VPC, owner("a", 4), List.of(
                candidate("a", NodeState.ACTIVE, false), candidate("b", NodeState.ACTIVE, true)), NOW));
    }

    @Test
    void decide_whenOwnerFailed_movesToStandbyWithNextVersion() {
        Owner next = VpcOwnership.decide(VPC, owner("b", 4), List.of(
                candidate("a", NodeState.ACTIVE, false), candidate("b", NodeState.FAILED, true)), NOW).orElseThrow();

        assertEquals(node("a"), next.node());
        assertEquals(5, next.version());
        assertEquals(node("b"), next.previousNode());
    }

    @Test
    void decide_whenNoPrimaryActive_smallestIdWins() {
        Owner first = VpcOwnership.decide(VPC, null, List.of(candidate("c", NodeState.ACTIVE, false),
                candidate("a", NodeState.DRAINED, true), candidate("b", NodeState.ACTIVE, false)), NOW).orElseThrow();

        assertEquals(node("b"), first.node());
    }

    @Test
    void decide_whenNoActiveNodeLeft_keepsOwner() {
        assertEquals(Optional.empty(), VpcOwnership.decide(VPC, owner("a", 2), List.of(
                candidate("a", NodeState.FAILED, true), candidate("b", NodeState.DRAINED, false)), NOW));
    }

    @Test
    void decide_whenOwnerIsNoLongerACandidate_movesToAnActiveOne() {
        Owner next = VpcOwnership.decide(VPC, owner("gone", 2), List.of(candidate("a", NodeState.ACTIVE, false)), NOW)
                .orElseThrow();

        assertEquals(node("a"), next.node());
    }

    @Test
    void decide_whenOwnerOfAnotherPrefixPassed_refuses() {
        assertThrows(IllegalArgumentException.class,
                () -> VpcOwnership.decide(Cidr.parse("10.0.0.0/16"), owner("a", 1), List.of(), NOW));
    }

    /** An approval of {@code id} that lists {@code vpcCidrs}. */
    static NodeApproval listing(String id, boolean primary, Cidr... vpcCidrs) {
        NodeApproval a = Fixtures.approval(id);
        return new NodeApproval(a.node(), a.name(), a.region(), List.of(vpcCidrs), a.backboneKey(), a.backboneAddress(),
                primary, "", a.approvedAt());
    }

    @Test
    void standby_isThePreferredActiveNodeListingAnyOfThePrefixes_absentStatesActive() {
        Cidr other = Cidr.parse("172.16.0.0/16");
        List<NodeApproval> approvals = List.of(listing("n1", true, VPC), listing("n2", false, VPC, other),
                listing("n3", false, other), listing("n4", false));

        assertEquals(Optional.of(node("n1")), VpcOwnership.standby(List.of(VPC), approvals, Map.of())
                .map(Candidate::node));
        assertEquals(Optional.of(node("n2")), VpcOwnership.standby(List.of(VPC), approvals,
                Map.of(node("n1"), NodeState.FAILED)).map(Candidate::node));
        assertEquals(Optional.of(node("n3")), VpcOwnership.standby(List.of(VPC, other), approvals,
                Map.of(node("n1"), NodeState.FAILED, node("n2"), NodeState.DRAINED)).map(Candidate::node));
        assertEquals(Optional.empty(), VpcOwnership.standby(List.of(VPC), approvals,
                Map.of(node("n1"), NodeState.FAILED, node("n2"), NodeState.FAILED)));
        assertEquals(List.of(node("n1"), node("n2")), VpcOwnership.candidates(List.of(VPC), approvals, Map.of()).stream()
                .map(Candidate::node).toList(), "only the nodes that list the prefix");
    }
}
