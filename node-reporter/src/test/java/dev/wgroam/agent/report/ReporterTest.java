package dev.wgroam.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.ownership.Observation;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReporterTest {

    static final NodeId SELF = new NodeId("node-a");
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    /** Clients 1–3 registered at 10.50.0.n; 4 and up are not. */
    static final Registry REGISTRY = Registry.of(
            new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"), "203.0.113.100"), List.of(),
            IntStream.rangeClosed(1, 3).mapToObj(n -> new RegisteredClient(key(n), address(n),
                    new ClientName("client-" + n), NOW)).toList());

    final List<Observation> written = new ArrayList<>();
    final WriteQueue queue = new WriteQueue(item -> written.add(ObservationItem.fromItem(item)), 100, () -> 0.5, e -> { });
    final Reporter reporter = new Reporter(SELF, new ReportPolicy(SELF, Duration.ofMinutes(15), Duration.ofSeconds(5)),
            queue);

    static PeerKey key(int n) {
        byte[] key = new byte[32];
        key[0] = (byte) n;
        return PeerKey.of(key);
    }

    static Cidr address(int n) {
        return Cidr.parse("10.50.0." + n + "/32");
    }

    static PeerState peer(int n, long handshakeSecondsAgo, Cidr... allowed) {
        return new PeerState(key(n), Endpoint.parse("198.51.100.9:4000" + n),
                allowed.length == 0 ? List.of(address(n)) : List.of(allowed),
                handshakeSecondsAgo < 0 ? Instant.EPOCH : NOW.minusSeconds(handshakeSecondsAgo), 100, 200, 0);
    }

    @Test
    void poll_claimsUnownedClients_refreshesOwnOnce_andIgnoresSilentPeers() {
        Map<Cidr, OwnerView> owners = Map.of(address(2), new OwnerView(SELF, 1, NOW.minusSeconds(3600)));

        Reporter.PollResult first = reporter.poll(List.of(peer(1, 5), peer(2, 5), peer(3, -1)), REGISTRY, owners::get, NOW);
        Reporter.PollResult second = reporter.poll(List.of(peer(1, 5), peer(2, 5), peer(3, -1)), REGISTRY, owners::get,
                NOW.plusSeconds(1));
        queue.drain(NOW.plusSeconds(1));

        assertEquals(new Reporter.PollResult(3, 1, 1, 0, 0, 0), first);
        assertEquals(new Reporter.PollResult(3, 0, 0, 0, 0, 0), second);
        assertEquals(2, written.size());
        Observation claim = written.get(0);
        assertEquals(SELF, claim.node());
        assertEquals(key(1), claim.client());
        assertEquals(NOW.minusSeconds(5), claim.latestHandshake());
        assertEquals(NOW, claim.observedAt());
    }

    @Test
    void poll_forgetsPeersThatLeftTheInterface_andClaimsAgainWhenTheyReturn() {
        reporter.poll(List.of(peer(1, 5)), REGISTRY, prefix -> null, NOW);
        reporter.poll(List.of(), REGISTRY, prefix -> null, NOW.plusSeconds(1));
        Reporter.PollResult back = reporter.poll(List.of(peer(1, 5)), REGISTRY, prefix -> null, NOW.plusSeconds(2));

        assertEquals(1, back.claims());
    }

    @Test
    void poll_reportsNoUnregisteredPeer_whateverItsHandshake() {
        Reporter.PollResult result = reporter.poll(List.of(peer(4, 1), peer(5, 1, address(1))), REGISTRY,
                prefix -> null, NOW);
        queue.drain(NOW);

        assertEquals(new Reporter.PollResult(2, 0, 0, 0, 2, 0), result);
        assertEquals(List.of(), written, "nobody would believe it, so nobody is written to");
    }

    @Test
    void poll_looksUpTheOwnerAtTheRegisteredAddress_notAtTheInterfacesAllowedIps() {
        Map<Cidr, OwnerView> owners = Map.of(address(1), new OwnerView(SELF, 1, NOW.minusSeconds(3600)));

        Reporter.PollResult elsewhere = reporter.poll(List.of(peer(1, 5, address(1), address(9))), REGISTRY, owners::get,
                NOW);
        Reporter.PollResult misconfigured = reporter.poll(List.of(peer(2, 5, address(9))), REGISTRY, owners::get, NOW);

        assertEquals(1, elsewhere.refreshes(), "owned here at its registered address");
        assertEquals(1, misconfigured.unroutable(), "this node cannot serve a client whose registered address it does not allow");
    }
}
