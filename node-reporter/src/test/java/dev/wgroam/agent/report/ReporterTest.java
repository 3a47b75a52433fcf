package dev.wgroam.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Observation;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReporterTest {

    static final NodeId SELF = new NodeId("node-a");
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    final List<Observation> written = new ArrayList<>();
    final WriteQueue queue = new WriteQueue(item -> written.add(ObservationItem.fromItem(item)), 100, () -> 0.5, e -> { });
    final Reporter reporter = new Reporter(SELF, new NodeName("vpn-a"), new Region("eu-west-1"),
            new ReportPolicy(SELF, Duration.ofMinutes(15), Duration.ofSeconds(5)), queue);

    static PeerState peer(int n, long handshakeSecondsAgo) {
        byte[] key = new byte[32];
        key[0] = (byte) n;
        return new PeerState(PeerKey.of(key), Endpoint.parse("198.51.100.9:4000" + n),
                List.of(Cidr.parse("10.50.0." + n + "/32")), handshakeSecondsAgo < 0 ? Instant.EPOCH
                : NOW.minusSeconds(handshakeSecondsAgo), 100, 200, 0);
    }

    @Test
    void poll_claimsUnownedClients_refreshesOwnOnce_andIgnoresSilentPeers() {
        Map<Cidr, OwnerView> owners = Map.of(Cidr.parse("10.50.0.2/32"), new OwnerView(SELF, 1, NOW.minusSeconds(3600)));

        Reporter.PollResult first = reporter.poll(List.of(peer(1, 5), peer(2, 5), peer(3, -1)), owners, NOW);
        Reporter.PollResult second = reporter.poll(List.of(peer(1, 5), peer(2, 5), peer(3, -1)), owners, NOW.plusSeconds(1));
        queue.drain(NOW.plusSeconds(1));

        assertEquals(new Reporter.PollResult(3, 1, 1, 0, 0), first);
        assertEquals(new Reporter.PollResult(3, 0, 0, 0, 0), second);
        assertEquals(2, written.size());
        Observation claim = written.get(0);
        assertEquals(SELF, claim.node());
        assertEquals(Cidr.parse("10.50.0.1/32"), claim.clientPrefix());
        assertEquals(NOW.minusSeconds(5), claim.latestHandshake());
        assertEquals(NOW, claim.observedAt());
    }

    @Test
    void poll_forgetsPeersThatLeftTheInterface_andClaimsAgainWhenTheyReturn() {
        reporter.poll(List.of(peer(1, 5)), Map.of(), NOW);
        reporter.poll(List.of(), Map.of(), NOW.plusSeconds(1));
        Reporter.PollResult back = reporter.poll(List.of(peer(1, 5)), Map.of(), NOW.plusSeconds(2));

        assertEquals(1, back.claims());
    }
}
