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
import static dev.wgroam.agent.routes.Fleet.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    private static Map<String, Object> snapshot(SimulatedHost host) {
        return new TreeMap<>(Map.of("peers", new TreeMap<>(host.peers("backbone")), "routes", host.routes()));
    }

    @Property(tries = 300)
    void oneReconcileReachesTheDesiredState_andASecondChangesNothing(@ForAll("books") List<RouteEntry> book,
                                                                      @ForAll("hosts") SimulatedHost host) {
        HostRouteKeeper keeper = new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(host, INTERFACES));

        keeper.reconcile(book, REGISTRY, RECORDS, NOW);
        DesiredState desired = DesiredState.of(SELF, REGISTRY, OwnerBook.EMPTY.reconcile(book, NOW, HOLD), RECORDS,
                INTERFACES);
        desired.state().routes().forEach((prefix, device) ->
                assertEquals(device.value(), host.routes().get(prefix.toString()), "route of " + prefix));
        desired.state().peers().values().forEach(peer -> assertEquals(
                peer.allowedIps().stream().map(Cidr::toString).toList(),
                host.peers("backbone").get(peer.key().base64()).allowedIps().stream().sorted(
                        Comparator.comparing(Cidr::parse)).toList()));
        assertEquals(desired.state().peers().size(), host.peers("backbone").size(), "stray peers removed");
        host.clearChanges();

        keeper.reconcile(book, REGISTRY, RECORDS, NOW);
        assertEquals(List.of(), host.changes());
    }

    @Property(tries = 200)
    void pushesInAnyOrderEndInTheSameHost(@ForAll("books") List<RouteEntry> first, @ForAll("books") List<RouteEntry> second,
                                          @ForAll Random random) {
        List<RouteEntry> pushes = new ArrayList<>(first);
        second.forEach(e -> pushes.add(new RouteEntry(e.prefix(), e.owner(), e.version() + 100)));
        List<RouteEntry> shuffled = new ArrayList<>(pushes);
        Collections.shuffle(shuffled, random);

        SimulatedHost inOrder = Fleet.host();
        SimulatedHost anyOrder = Fleet.host();
        HostRouteKeeper a = new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(inOrder, INTERFACES));
        HostRouteKeeper b = new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(anyOrder, INTERFACES));
        a.reconcile(List.of(), REGISTRY, RECORDS, NOW);
        b.reconcile(List.of(), REGISTRY, RECORDS, NOW);
        pushes.forEach(e -> a.applyPushed(List.of(e), NOW));
        shuffled.forEach(e -> b.applyPushed(List.of(e), NOW));

        assertEquals(snapshot(inOrder), snapshot(anyOrder));
    }
}
