package dev.wgroam.agent.routes;

import static dev.wgroam.agent.routes.Fleet.B;
import static dev.wgroam.agent.routes.Fleet.C;
import static dev.wgroam.agent.routes.Fleet.INTERFACES;
import static dev.wgroam.agent.routes.Fleet.NOW;
import static dev.wgroam.agent.routes.Fleet.RECORDS;
import static dev.wgroam.agent.routes.Fleet.REGISTERED_CLIENTS;
import static dev.wgroam.agent.routes.Fleet.REGISTRY;
import static dev.wgroam.agent.routes.Fleet.SELF;
import static dev.wgroam.agent.routes.Fleet.VPC_EU;
import static dev.wgroam.agent.routes.Fleet.VPC_US;
import static dev.wgroam.agent.routes.Fleet.backboneAddress;
import static dev.wgroam.agent.routes.Fleet.key;
import static dev.wgroam.agent.routes.Fleet.read;
import static dev.wgroam.agent.routes.Fleet.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The route keeper against an independent reference ({@link ReferenceHost}): whatever the owner
 * items, node records and leftovers on the host, one reconcile reaches what the rules say, and
 * pushes in any order end there too.
 */
class HostRouteKeeperProperties {

    static final Duration HOLD = HostRouteKeeperTest.HOLD;

    @Provide
    Arbitrary<List<RouteEntry>> books() {
        Arbitrary<Cidr> prefixes = Arbitraries.oneOf(
                Arbitraries.integers().between(1, REGISTERED_CLIENTS).map(Fleet::clientAddress),
                Arbitraries.of(VPC_EU, VPC_US));
        Arbitrary<NodeId> owners = Arbitraries.of(SELF, B, C, new NodeId("node-gone"));
        return Combinators.combine(prefixes, owners, Arbitraries.longs().between(1, 50)).as(RouteEntry::new)
                .list().ofMaxSize(14).uniqueElements(RouteEntry::prefix);
    }

    /** Whatever was on the host before: stray peers, wrong routes, leftovers of managed prefixes. */
    @Provide
    Arbitrary<SimulatedHost> hosts() {
        Arbitrary<String> prefixes = Arbitraries.integers().between(1, 14).map(i -> "10.50.0." + i + "/32");
        Arbitrary<String> devices = Arbitraries.of("clients", "backbone");
        Arbitrary<Map<String, String>> routes = Arbitraries.maps(prefixes, devices).ofMaxSize(8);
        Arbitrary<List<NodeId>> peers = Arbitraries.of(B, C, new NodeId("node-x")).list().ofMaxSize(3).uniqueElements();
        return Combinators.combine(routes, peers).as((r, p) -> {
            SimulatedHost host = Fleet.host();
            r.forEach((prefix, device) -> host.byHand("ip", "route", "replace", prefix, "dev", device));
            for (NodeId n : p) {
                // WireGuard gives a prefix to one peer only: the last of these holds it.
                host.byHand("wg", "set", "backbone", "peer", key(n).base64(), "endpoint", "203.0.113.9:51821",
                        "allowed-ips", "10.50.0.13/32");
            }
            return host;
        });
    }

    /** The fleet's records mostly; sometimes some missing, duplicated, disowned by their approval or unapproved. */
    @Provide
    Arbitrary<List<NodeRecord>> records() {
        NodeId stranger = new NodeId("node-x");
        List<NodeRecord> odd = new ArrayList<>(RECORDS);
        odd.add(record(B, key(B), backboneAddress(2), Endpoint.parse("198.51.100.2:51821")));
        odd.add(record(C, key(new NodeId("node-zz")), backboneAddress(3), Endpoint.parse("203.0.113.3:51821")));
        odd.add(record(C, key(C), backboneAddress(3), Endpoint.parse("169.254.169.254:51821")));
        odd.add(record(stranger, key(stranger), backboneAddress(24), Endpoint.parse("203.0.113.24:51821")));
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(RECORDS)),
                Tuple.of(2, Arbitraries.subsetOf(odd).map(List::copyOf)));
    }

    private static Map<String, Object> snapshot(SimulatedHost host) {
        return new TreeMap<>(Map.of("peers", new TreeMap<>(host.peers("backbone")), "routes", new TreeMap<>(host.routes())));
    }

    private static Map<String, ReferenceHost.Peer> peersOf(SimulatedHost host) {
        Map<String, ReferenceHost.Peer> peers = new TreeMap<>();
        host.peers("backbone").forEach((key, peer) -> peers.put(key, new ReferenceHost.Peer(peer.endpoint(),
                new TreeSet<>(peer.allowedIps()))));
        return peers;
    }

    @Property(tries = 300)
    void oneReconcileReachesWhatTheRulesSay_andASecondChangesNothing(@ForAll("books") List<RouteEntry> book,
                                                                     @ForAll("records") List<NodeRecord> records,
                                                                     @ForAll("hosts") SimulatedHost host) {
        HostRouteKeeper keeper = new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(host, INTERFACES));
        ReferenceHost expected = ReferenceHost.after(SELF, REGISTRY, book, records, new TreeMap<>(host.routes()),
                peersOf(host));

        keeper.reconcile(read(book), REGISTRY, records, NOW);

        assertEquals(expected.routes, new TreeMap<>(host.routes()), "routes");
        assertEquals(expected.peers, peersOf(host), "peers");
        host.clearChanges();
        keeper.reconcile(read(book), REGISTRY, records, NOW);
        assertEquals(List.of(), host.changes());
    }

    @Property(tries = 200)
    void pushesInAnyOrderEndInTheSameHost_theOneTheRulesSay(@ForAll("books") List<RouteEntry> first,
                                                            @ForAll("books") List<RouteEntry> second,
                                                            @ForAll Random random) {
        List<RouteEntry> pushes = new ArrayList<>(first);
        second.forEach(e -> pushes.add(new RouteEntry(e.prefix(), e.owner(), e.version() + 100)));
        List<RouteEntry> shuffled = new ArrayList<>(pushes);
        Collections.shuffle(shuffled, random);

        SimulatedHost inOrder = Fleet.host();
        SimulatedHost anyOrder = Fleet.host();
        HostRouteKeeper a = new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(inOrder, INTERFACES));
        HostRouteKeeper b = new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(anyOrder, INTERFACES));
        a.reconcile(read(List.of()), REGISTRY, RECORDS, NOW);
        b.reconcile(read(List.of()), REGISTRY, RECORDS, NOW);
        pushes.forEach(e -> a.applyPushed(List.of(e), NOW));
        shuffled.forEach(e -> b.applyPushed(List.of(e), NOW));

        assertEquals(snapshot(inOrder), snapshot(anyOrder));
        // A push the registry does not allow is refused before the merge: it displaces nobody.
        ReferenceHost expected = ReferenceHost.after(SELF, REGISTRY,
                pushes.stream().filter(e -> ReferenceHost.allowed(REGISTRY, e)).toList(), RECORDS, Map.of(), Map.of());
        assertEquals(expected.routes, new TreeMap<>(inOrder.routes()), "routes");
        assertEquals(expected.peers, peersOf(inOrder), "peers");
    }
}
