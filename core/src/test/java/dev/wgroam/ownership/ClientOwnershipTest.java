package dev.wgroam.ownership;

import static dev.wgroam.ownership.Fixtures.CLIENT;
import static dev.wgroam.ownership.Fixtures.CLIENT_PREFIX;
import static dev.wgroam.ownership.Fixtures.name;
import static dev.wgroam.ownership.Fixtures.REGISTERED;
import static dev.wgroam.ownership.Fixtures.REGISTRY;
import static dev.wgroam.ownership.Fixtures.NOW;
import static dev.wgroam.ownership.Fixtures.node;
import static dev.wgroam.ownership.Fixtures.owner;
import static dev.wgroam.ownership.Fixtures.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientOwnershipTest {

    private static final Map<NodeId, NodeState> ALL_ACTIVE = Map.of();
    private final ClientOwnership rule = new ClientOwnership(ClientOwnership.DEFAULT_SKEW_MARGIN);

    @Test
    void decide_whenNoOwnerYet_newestHandshakeWinsAtVersionOne() {
        Owner first = decide(rule, null, List.of(seen("n2", 100), seen("n1", 130)), ALL_ACTIVE).orElseThrow();

        assertEquals(node("n1"), first.node());
        assertEquals(1, first.version());
        assertEquals(Instant.ofEpochSecond(130), first.handshake());
        assertEquals(NOW, first.changedAt());
        assertEquals(null, first.previousNode());
        assertEquals(CLIENT_PREFIX, first.prefix());
    }

    @Test
    void decide_whenHandshakeNewerBeyondMargin_movesOwnerAndBumpsVersion() {
        Owner next = decide(rule, owner("n1", 100, 7), List.of(seen("n1", 100), seen("n2", 106)), ALL_ACTIVE)
                .orElseThrow();

        assertEquals(node("n2"), next.node());
        assertEquals(8, next.version());
        assertEquals(node("n1"), next.previousNode());
        assertEquals(Instant.ofEpochSecond(106), next.handshake());
    }

    @Test
    void decide_whenHandshakeNewerWithinMargin_keepsOwner() {
        assertEquals(Optional.empty(),
                decide(rule, owner("n1", 100, 7), List.of(seen("n1", 100), seen("n2", 105)), ALL_ACTIVE));
    }

    @Test
    void decide_whenChallengersTie_smallestNodeIdWins() {
        Owner first = decide(rule, null, List.of(seen("n3", 100), seen("n2", 100)), ALL_ACTIVE).orElseThrow();

        assertEquals(node("n2"), first.node());
    }

    @Test
    void decide_whenTiedWithFailedNode_activeNodeWinsEvenWithLargerId() {
        Owner first = decide(rule, null, List.of(seen("n1", 100), seen("n2", 100)),
                Map.of(node("n1"), NodeState.FAILED)).orElseThrow();

        assertEquals(node("n2"), first.node());
    }

    @Test
    void decide_whenOwnerFailed_anyStrictlyFresherHandshakeTakesOver() {
        Owner next = decide(rule, owner("n1", 100, 3), List.of(seen("n1", 100), seen("n2", 101)),
                Map.of(node("n1"), NodeState.FAILED)).orElseThrow();

        assertEquals(node("n2"), next.node());
    }

    @Test
    void decide_whenOwnerDrainedAndOthersOnlyTie_keepsOwner() {
        assertEquals(Optional.empty(), decide(rule, owner("n1", 100, 3), List.of(seen("n1", 100), seen("n2", 100)),
                Map.of(node("n1"), NodeState.DRAINED)));
    }

    @Test
    void decide_whenDrainedNodeIsStrictlyNewest_itStillWins() {
        // Its clients are really there (GA keeps established flows): routing elsewhere would black-hole them.
        Owner next = decide(rule, owner("n1", 100, 3), List.of(seen("n1", 100), seen("n2", 200)),
                Map.of(node("n2"), NodeState.DRAINED)).orElseThrow();

        assertEquals(node("n2"), next.node());
    }

    @Test
    void decide_whenOwnerItemNewerThanOwnersObservation_usesTheNewerOne() {
        // The index is eventually consistent: the owner item's handshake may be newer than the read.
        assertEquals(Optional.empty(),
                decide(rule, owner("n1", 200, 3), List.of(seen("n1", 100), seen("n2", 150)), ALL_ACTIVE));
    }

    @Test
    void decide_whenOwnersObservationMissing_challengerMustBeatOwnerItemHandshake() {
        assertEquals(Optional.empty(), decide(rule, owner("n1", 100, 3), List.of(seen("n2", 104)), ALL_ACTIVE));
        assertEquals(node("n2"),
                decide(rule, owner("n1", 100, 3), List.of(seen("n2", 106)), ALL_ACTIVE).orElseThrow().node());
    }

    @Test
    void decide_whenNeverHandshaked_isNoCandidate() {
        assertEquals(Optional.empty(), decide(rule, null, List.of(seen("n1", 0)), ALL_ACTIVE));
    }

    @Test
    void decide_whenNoObservations_noChange() {
        assertEquals(Optional.empty(), decide(rule, owner("n1", 100, 3), List.of(), ALL_ACTIVE));
    }

    @Test
    void decide_whenOperatorChangedTheClientsAddress_movesTheRouteWithTheSameOwnerAndNextVersion() {
        Cidr moved = Cidr.parse("10.50.0.99/32");
        RegisteredClient readdressed = new RegisteredClient(CLIENT, moved, REGISTERED.name(), REGISTERED.createdAt());
        Owner next = rule.decide(owner("n1", 100, 3), readdressed, List.of(seen("n1", 100)), REGISTRY, ALL_ACTIVE, NOW)
                .orElseThrow();

        assertEquals(node("n1"), next.node());
        assertEquals(moved, next.prefix());
        assertEquals(4, next.version());
        assertEquals(Optional.empty(), rule.decide(next, readdressed, List.of(seen("n1", 100)), REGISTRY, ALL_ACTIVE, NOW),
                "the moved route is where the registry puts it: nothing more to change");
    }

    @Test
    void decide_whenObservationsOfTwoClients_refuses() {
        Observation other = new Observation(node("n2"), PeerKey.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}),
                Instant.ofEpochSecond(100), seen("n2", 1).endpoint(), 0, 0, NOW);

        assertThrows(IllegalArgumentException.class,
                () -> decide(rule, null, List.of(seen("n1", 100), other), ALL_ACTIVE));
    }

    @Test
    void decide_whenTwoSkewedNodesSeeOneHandshakeBurst_changesOnceAndNeverBack() {
        // True handshakes half a second apart; n1's clock runs 2 s fast, n2's 2 s slow.
        Observation n1 = seen("n1", 102);
        Observation n2 = seen("n2", 98);
        Owner owner = owner("n1", 0, 1);

        Owner afterN2 = decide(rule, owner, List.of(seen("n1", 0), n2), ALL_ACTIVE).orElseThrow();
        assertEquals(node("n2"), afterN2.node(), "n2's fresh handshake beats n1's stale one");
        assertEquals(Optional.empty(), decide(rule, afterN2, List.of(n1, n2), ALL_ACTIVE),
                "n1's report of the same burst must not take the client back");
    }

    @Test
    void decide_withoutMargin_theSameSkewedBurstFlipsBack() {
        // The counterpart of the test above: this is what the margin prevents.
        ClientOwnership noMargin = new ClientOwnership(Duration.ZERO);
        Owner afterN2 = decide(noMargin, owner("n1", 0, 1), List.of(seen("n1", 0), seen("n2", 98)), ALL_ACTIVE)
                .orElseThrow();

        assertTrue(decide(noMargin, afterN2, List.of(seen("n1", 102), seen("n2", 98)), ALL_ACTIVE).isPresent());
    }

    private static final Instant YEAR_9999 = Instant.parse("9999-12-31T23:59:59Z");

    @Test
    void decide_whenOwnerItemHoldsAYear9999Handshake_aFreshObservationTakesTheClient() {
        // An owner written from a forged handshake before the screen existed: no believable report is ever later.
        Owner forged = new Owner(new Subject.Client(CLIENT), CLIENT_PREFIX, node("n1"), name("n1"), YEAR_9999, 3,
                NOW.minusSeconds(600), null);

        Owner next = decide(rule, forged, List.of(seen("n2", NOW.getEpochSecond() - 1)), ALL_ACTIVE).orElseThrow();
        assertEquals(node("n2"), next.node());
        assertEquals(4, next.version());
        assertEquals(NOW.minusSeconds(1), next.handshake());

        Owner again = decide(rule, forged, List.of(seen("n1", NOW.getEpochSecond() - 100), seen("n2", NOW.getEpochSecond())),
                ALL_ACTIVE).orElseThrow();
        assertEquals(node("n2"), again.node(), "the forged owner defends only with what it believably saw");
    }

    @Test
    void decide_whenOwnerItemHandshakeIsWithinTheSkewAhead_itIsBelieved() {
        Owner ahead = owner("n1", NOW.plus(rule.skewMargin()).getEpochSecond(), 3);
        assertEquals(Optional.empty(), decide(rule, ahead, List.of(seen("n2", NOW.getEpochSecond())), ALL_ACTIVE));
    }

    @Test
    void decide_whenIncumbentsApprovalIsGone_anyStrictlyFresherHandshakeTakesOver() {
        Registry withoutN1 = Fixtures.registryOf(List.of("n2", "n3"));
        Owner current = owner("n1", 100, 3);

        Owner next = rule.decide(current, REGISTERED, List.of(seen("n2", 101)), withoutN1, ALL_ACTIVE, NOW).orElseThrow();
        assertEquals(node("n2"), next.node());
        assertEquals(node("n1"), next.previousNode());
        assertEquals(Optional.empty(), rule.decide(current, REGISTERED, List.of(seen("n2", 100)), withoutN1, ALL_ACTIVE, NOW),
                "a tie still keeps the owner, as for a FAILED one");
        assertEquals(Optional.empty(), decide(rule, current, List.of(seen("n2", 101)), ALL_ACTIVE),
                "the counterpart: while approved and ACTIVE, n1 defends with the margin");
    }

    @Test
    void decide_theOwnersPrefixIsTheRegisteredAddressWhateverTheOwnerItemSaid() {
        Owner pointedAtMetadata = new Owner(new Subject.Client(CLIENT), Cidr.parse("169.254.169.254/32"), node("n1"),
                name("n1"), Instant.ofEpochSecond(100), 3, NOW.minusSeconds(60), null);

        assertEquals(CLIENT_PREFIX, decide(rule, pointedAtMetadata, List.of(seen("n2", 200)), ALL_ACTIVE).orElseThrow().prefix());
        assertEquals(CLIENT_PREFIX, decide(rule, pointedAtMetadata, List.of(), ALL_ACTIVE).orElseThrow().prefix(),
                "even when no node reports: the route moves to the registered address");
        assertEquals(CLIENT_PREFIX, decide(rule, null, List.of(seen("n2", 200)), ALL_ACTIVE).orElseThrow().prefix());
    }

    @Test
    void decide_theOwnersNameIsTheApprovals() {
        NodeApproval n2 = Fixtures.approval("n2");
        NodeApproval renamed = new NodeApproval(n2.node(), new NodeName("edge-2"), n2.region(), n2.vpcCidrs(),
                n2.backboneKey(), n2.backboneAddress(), n2.primary(), n2.gaEndpointId(), n2.approvedAt());
        Registry registry = Registry.of(Fixtures.SETTINGS, List.of(Fixtures.approval("n1"), renamed), List.of(REGISTERED));

        assertEquals(new NodeName("edge-2"),
                rule.decide(null, REGISTERED, List.of(seen("n2", 100)), registry, ALL_ACTIVE, NOW).orElseThrow().nodeName());
        assertEquals(new NodeName("edge-2"), rule.decide(owner("n1", 100, 1), REGISTERED, List.of(seen("n2", 200)), registry,
                ALL_ACTIVE, NOW).orElseThrow().nodeName());

        Owner misnamed = new Owner(new Subject.Client(CLIENT), Cidr.parse("10.50.0.8/32"), node("n2"), new NodeName("old-name"),
                Instant.ofEpochSecond(100), 1, NOW.minusSeconds(60), null);
        assertEquals(new NodeName("edge-2"),
                rule.decide(misnamed, REGISTERED, List.of(), registry, ALL_ACTIVE, NOW).orElseThrow().nodeName());
    }

    @Test
    void decide_whenHandedAnUnscreenedObservationOfAnUnapprovedNode_throws() {
        Registry withoutN2 = Fixtures.registryOf(List.of("n1"));
        // n2's stale report would lose anyway: it is refused for what it is, not for what it would do.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rule.decide(owner("n1", 100, 3),
                REGISTERED, List.of(seen("n1", 100), seen("n2", 50)), withoutN2, ALL_ACTIVE, NOW));
        assertTrue(e.getMessage().contains("screen"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> rule.decide(null, REGISTERED, List.of(seen("n2", 50)), withoutN2, ALL_ACTIVE, NOW));
    }

    @Test
    void decide_whenHandedAnUnscreenedFutureHandshake_throws() {
        long tooLate = NOW.plus(rule.skewMargin()).getEpochSecond() + 1;
        assertThrows(IllegalArgumentException.class, () -> decide(rule, null, List.of(seen("n2", tooLate)), ALL_ACTIVE));
        assertEquals(node("n2"), decide(rule, null, List.of(seen("n2", tooLate - 1)), ALL_ACTIVE).orElseThrow().node(),
                "exactly now + margin is believable");
    }

    /** The decision for {@link Fixtures#REGISTERED} with every fixture node approved. */
    private static Optional<Owner> decide(ClientOwnership rule, Owner current, List<Observation> observations,
                                          Map<NodeId, NodeState> states) {
        return rule.decide(current, REGISTERED, observations, REGISTRY, states, NOW);
    }

    @Test
    void constructor_whenMarginNegative_refuses() {
        assertThrows(IllegalArgumentException.class, () -> new ClientOwnership(Duration.ofSeconds(-1)));
    }
}
