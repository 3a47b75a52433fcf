package dev.wgroam.ownership;

import static dev.wgroam.ownership.Fixtures.NOW;
import static dev.wgroam.ownership.Fixtures.REGISTRY;
import static dev.wgroam.ownership.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.ownership.ClaimScreen.Reason;
import dev.wgroam.ownership.ClaimScreen.Refused;
import dev.wgroam.ownership.ClaimScreen.Screened;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.Registry;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimScreenTest {

    private static final Duration SKEW = Duration.ofSeconds(5);
    private static final PeerKey STRANGER = PeerKey.of(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
            9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});

    private static Observation at(String node, Instant handshake) {
        return new Observation(node(node), Fixtures.CLIENT, handshake, Endpoint.parse("198.51.100.1:51820"), 1, 2, NOW);
    }

    private static Observation ofStranger(String node) {
        return new Observation(node(node), STRANGER, NOW, Endpoint.parse("198.51.100.1:51820"), 1, 2, NOW);
    }

    @Test
    void screen_whenNodeUnapproved_refusesAsUnapprovedNode() {
        Observation byIntruder = at("intruder", NOW);
        assertEquals(new Screened(List.of(), List.of(new Refused(byIntruder, Reason.UNAPPROVED_NODE))),
                ClaimScreen.screen(List.of(byIntruder), REGISTRY, NOW, SKEW));
    }

    @Test
    void screen_whenClientUnregistered_refusesAsUnregisteredClient() {
        Observation stranger = ofStranger("n1");
        assertEquals(new Screened(List.of(), List.of(new Refused(stranger, Reason.UNREGISTERED_CLIENT))),
                ClaimScreen.screen(List.of(stranger), REGISTRY, NOW, SKEW));
    }

    @Test
    void screen_whenBothNodeAndClientUnknown_namesTheNodeFirst() {
        Observation both = ofStranger("intruder");
        assertEquals(List.of(new Refused(both, Reason.UNAPPROVED_NODE)),
                ClaimScreen.screen(List.of(both), REGISTRY, NOW, SKEW).refused());
    }

    @Test
    void screen_whenHandshakeBeyondNowPlusSkew_refusesAsFutureHandshake() {
        Observation oneSecondTooLate = at("n1", NOW.plus(SKEW).plusSeconds(1));
        Observation year9999 = at("n1", Instant.parse("9999-12-31T23:59:59Z"));
        assertEquals(List.of(new Refused(oneSecondTooLate, Reason.FUTURE_HANDSHAKE), new Refused(year9999, Reason.FUTURE_HANDSHAKE)),
                ClaimScreen.screen(List.of(oneSecondTooLate, year9999), REGISTRY, NOW, SKEW).refused());
    }

    @Test
    void screen_whenHandshakeExactlyNowPlusSkew_acceptsIt() {
        Observation atTheBound = at("n1", NOW.plus(SKEW));
        assertEquals(new Screened(List.of(atTheBound), List.of()),
                ClaimScreen.screen(List.of(atTheBound), REGISTRY, NOW, SKEW));
    }

    @Test
    void screen_whenNodeApprovedButItsApprovalRefused_refusesAsUnapprovedNode() {
        // n1 and n2 share a backbone address, so the registry believes neither.
        NodeApproval n1 = Fixtures.approval("n1");
        NodeApproval n2 = Fixtures.approval("n2");
        NodeApproval n2WithN1sAddress = new NodeApproval(n2.node(), n2.name(), n2.region(), n2.vpcCidrs(),
                n2.backboneKey(), n1.backboneAddress(), false, "", n2.approvedAt());
        Registry registry = Registry.of(Fixtures.SETTINGS, List.of(n1, n2WithN1sAddress), List.of(Fixtures.REGISTERED));

        assertEquals(Reason.UNAPPROVED_NODE,
                ClaimScreen.screen(List.of(at("n1", NOW)), registry, NOW, SKEW).refused().get(0).reason());
    }

    @Test
    void screen_withoutFleetSettings_refusesEveryObservation() {
        Observation o = at("n1", NOW);
        assertEquals(List.of(new Refused(o, Reason.UNAPPROVED_NODE)),
                ClaimScreen.screen(List.of(o), Registry.EMPTY, NOW, SKEW).refused());
    }

    @Test
    void screen_keepsTheOrderOfAcceptedAndOfRefused() {
        Observation a = at("n3", NOW.minusSeconds(30));
        Observation refusedFirst = at("intruder", NOW);
        Observation b = at("n1", NOW.minusSeconds(10));
        Observation refusedSecond = ofStranger("n2");
        Observation c = at("n2", NOW);
        Observation refusedThird = at("n1", NOW.plusSeconds(60));

        Screened screened = ClaimScreen.screen(List.of(a, refusedFirst, b, refusedSecond, c, refusedThird), REGISTRY, NOW, SKEW);

        assertEquals(List.of(a, b, c), screened.accepted());
        assertEquals(List.of(new Refused(refusedFirst, Reason.UNAPPROVED_NODE),
                new Refused(refusedSecond, Reason.UNREGISTERED_CLIENT),
                new Refused(refusedThird, Reason.FUTURE_HANDSHAKE)), screened.refused());
    }
}
