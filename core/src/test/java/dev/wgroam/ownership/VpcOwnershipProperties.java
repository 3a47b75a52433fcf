package dev.wgroam.ownership;

import static dev.wgroam.ownership.Fixtures.NOW;
import static dev.wgroam.ownership.VpcOwnershipTest.VPC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeState;
import dev.wgroam.ownership.VpcOwnership.Candidate;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class VpcOwnershipProperties {

    record Case(Owner current, List<Candidate> candidates) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> nodes = Arbitraries.of("a", "b", "c");
        Arbitrary<Candidate> candidate = Combinators.combine(nodes, Arbitraries.of(NodeState.class),
                Arbitraries.of(true, false)).as(VpcOwnershipTest::candidate);
        Arbitrary<Owner> current = Combinators.combine(nodes, Arbitraries.longs().between(1, 50))
                .as(VpcOwnershipTest::owner).injectNull(0.3);
        return Combinators.combine(current, candidate.list().ofMaxSize(4)).as(Case::new);
    }

    @Property
    void ownerIsActiveWheneverAnyCandidateIs(@ForAll("cases") Case c) {
        Owner result = VpcOwnership.decide(VPC, c.current(), c.candidates(), NOW).orElse(c.current());
        boolean anyActive = c.candidates().stream().anyMatch(x -> x.state().isActive());
        if (anyActive) {
            assertTrue(c.candidates().stream().anyMatch(x -> x.node().equals(result.node()) && x.state().isActive()),
                    "owner " + result + " is not an ACTIVE candidate");
        }
    }

    @Property
    void applyingTheRuleTwiceChangesNothingAndVersionsGrow(@ForAll("cases") Case c) {
        VpcOwnership.decide(VPC, c.current(), c.candidates(), NOW).ifPresent(next -> {
            assertEquals(c.current() == null ? 1 : c.current().version() + 1, next.version());
            assertEquals(Optional.empty(), VpcOwnership.decide(VPC, next, c.candidates(), NOW));
        });
    }
}
