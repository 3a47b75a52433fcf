package dev.wgroam.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.agent.routes.OwnerBook;
import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.ownership.Observation;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReporterTest {

    static final NodeId SELF = new NodeId("node-a");
    static final NodeId OTHER = new NodeId("node-b");
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

    static OwnerBook.Entry read(int n, NodeId owner, long version, Instant handshake) {
        return new OwnerBook.Entry(new RouteEntry(address(n), owner, version), handshake);
    }

    /** The book as a reconcile leaves it after reading these owner items. */
    static OwnerBook book(OwnerBook.Entry... items) {
        return OwnerBook.EMPTY.reconcile(List.of(items), NOW, Duration.ofSeconds(30));
    }

    @Test
    void poll_claimsUnownedClients_refreshesOwnOnce_andIgnoresSilentPeers() {
        OwnerBook owners = book(read(2, SELF, 1, NOW.minusSeconds(3600)));

        Reporter.PollResult first = reporter.poll(List.of(peer(1, 5), peer(2, 5), peer(3, -1)), REGISTRY, owners, NOW);
        Reporter.PollResult second = reporter.poll(List.of(peer(1, 5), peer(2, 5), peer(3, -1)), REGISTRY, owners,
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
        reporter.poll(List.of(peer(1, 5)), REGISTRY, OwnerBook.EMPTY, NOW);
        reporter.poll(List.of(), REGISTRY, OwnerBook.EMPTY, NOW.plusSeconds(1));
        Reporter.PollResult back = reporter.poll(List.of(peer(1, 5)), REGISTRY, OwnerBook.EMPTY, NOW.plusSeconds(2));

        assertEquals(1, back.claims());
    }

    @Test
    void poll_reportsNoUnregisteredPeer_whateverItsHandshake() {
        Reporter.PollResult result = reporter.poll(List.of(peer(4, 1), peer(5, 1, address(1))), REGISTRY,
                OwnerBook.EMPTY, NOW);
        queue.drain(NOW);

        assertEquals(new Reporter.PollResult(2, 0, 0, 0, 2, 0), result);
        assertEquals(List.of(), written, "nobody would believe it, so nobody is written to");
    }

    @Test
    void poll_looksUpTheOwnerAtTheRegisteredAddress_notAtTheInterfacesAllowedIps() {
        OwnerBook owners = book(read(1, SELF, 1, NOW.minusSeconds(3600)));

        Reporter.PollResult elsewhere = reporter.poll(List.of(peer(1, 5, address(1), address(9))), REGISTRY, owners, NOW);
        Reporter.PollResult misconfigured = reporter.poll(List.of(peer(2, 5, address(9))), REGISTRY, owners, NOW);

        assertEquals(1, elsewhere.refreshes(), "owned here at its registered address");
        assertEquals(1, misconfigured.unroutable(), "this node cannot serve a client whose registered address it does not allow");
    }

    @Test
    void poll_weighsAClaimAgainstTheTablesHandshake_andAnOwnerOnlyAPushToldOfAsHavingNone() {
        // Client 1's owner item, as read; client 2's owner only pushed; client 3's read, then a newer owner pushed.
        OwnerBook owners = book(read(1, OTHER, 4, NOW.minusSeconds(8)), read(3, OTHER, 4, NOW.minusSeconds(8)))
                .push(List.of(new RouteEntry(address(2), OTHER, 1), new RouteEntry(address(3), OTHER, 5)), NOW).book();

        Reporter.PollResult result = reporter.poll(List.of(peer(1, 5), peer(2, 5), peer(3, 5)), REGISTRY, owners, NOW);
        queue.drain(NOW);

        assertEquals(2, result.claims(), "client 1's handshake is within the margin of its owner's: no claim");
        assertEquals(List.of(key(2), key(3)), written.stream().map(Observation::client).toList());
    }

    @Test
    void poll_countsTheObservationsAFullQueueRefused_andOffersThemAgainNextPoll() {
        WriteQueue full = new WriteQueue(item -> written.add(ObservationItem.fromItem(item)), 1, () -> 0.5, e -> { });
        Reporter reporting = new Reporter(SELF, new ReportPolicy(SELF, Duration.ofMinutes(15), Duration.ofSeconds(5)), full);

        Reporter.PollResult first = reporting.poll(List.of(peer(1, 5), peer(2, 5)), REGISTRY, OwnerBook.EMPTY, NOW);
        full.drain(NOW);
        Reporter.PollResult second = reporting.poll(List.of(peer(1, 5), peer(2, 5)), REGISTRY, OwnerBook.EMPTY,
                NOW.plusSeconds(1));
        full.drain(NOW.plusSeconds(1));

        assertEquals(new Reporter.PollResult(2, 1, 0, 0, 0, 1), first);
        assertEquals(new Reporter.PollResult(2, 1, 0, 0, 0, 0), second);
        assertEquals(List.of(key(1), key(2)), written.stream().map(Observation::client).toList());
    }
}
