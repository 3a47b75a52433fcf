package dev.wgroam.agent.routes;

import static dev.wgroam.agent.routes.Fleet.B;
import static dev.wgroam.agent.routes.Fleet.C;
import static dev.wgroam.agent.routes.Fleet.CLIENT;
import static dev.wgroam.agent.routes.Fleet.D;
import static dev.wgroam.agent.routes.Fleet.EU;
import static dev.wgroam.agent.routes.Fleet.INTERFACES;
import static dev.wgroam.agent.routes.Fleet.NOW;
import static dev.wgroam.agent.routes.Fleet.RECORDS;
import static dev.wgroam.agent.routes.Fleet.SELF;
import static dev.wgroam.agent.routes.Fleet.VPC_EU;
import static dev.wgroam.agent.routes.Fleet.VPC_US;
import static dev.wgroam.agent.routes.Fleet.approval;
import static dev.wgroam.agent.routes.Fleet.backboneAddress;
import static dev.wgroam.agent.routes.Fleet.clientAddress;
import static dev.wgroam.agent.routes.Fleet.entry;
import static dev.wgroam.agent.routes.Fleet.key;
import static dev.wgroam.agent.routes.Fleet.read;
import static dev.wgroam.agent.routes.Fleet.record;
import static dev.wgroam.agent.routes.Fleet.registryWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.Registry;
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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * What a node holding C's credentials (or anything else writing junk) can make this node install:
 * nothing. Each forged owner entry and node record is refused with its reason and counted; the
 * host keeps exactly the routes and peers the legitimate entries give it, whatever order the
 * entries come in. The fleet: this node and B in the EU, C (the attacker) in the US, D approved
 * for a third VPC and silent.
 */
class HostileNodeRouteKeeperTest {

    static final Duration HOLD = Duration.ofSeconds(30);
    static final Cidr VPC_D = Cidr.parse("172.30.0.0/16");
    static final NodeId EVIL = new NodeId("node-evil");
    static final Registry REGISTRY = registryWith(approval(D, EU, 4, VPC_D));
    /** A client at B, one here, one at C, C's VPC at C, the shared EU VPC at B. */
    static final List<RouteEntry> LEGIT = List.of(entry(CLIENT, B, 3), entry(clientAddress(2), SELF, 1),
            entry(clientAddress(3), C, 2), entry(VPC_US, C, 1), entry(VPC_EU, B, 1));

    final SimulatedHost host = Fleet.host();
    final HostRouteKeeper keeper = new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(host, INTERFACES));

    static Stream<Arguments> forgedOwnerEntries() {
        return Stream.of(
                Arguments.of("a default route", entry(Cidr.parse("0.0.0.0/0"), C, 1), Refusal.Reason.FORBIDDEN_PREFIX),
                Arguments.of("instance metadata", entry(Cidr.parse("169.254.169.254/32"), C, 1), Refusal.Reason.FORBIDDEN_PREFIX),
                Arguments.of("the Amazon DNS resolver", entry(Cidr.parse("169.254.169.253/32"), C, 1),
                        Refusal.Reason.FORBIDDEN_PREFIX),
                Arguments.of("loopback", entry(Cidr.parse("127.0.0.1/32"), C, 1), Refusal.Reason.FORBIDDEN_PREFIX),
                Arguments.of("B's backbone address", entry(backboneAddress(2), C, 1), Refusal.Reason.BACKBONE_ADDRESS),
                Arguments.of("this node's backbone address", entry(backboneAddress(1), C, 1),
                        Refusal.Reason.BACKBONE_ADDRESS),
                Arguments.of("the whole backbone range", entry(Cidr.parse("10.99.0.0/24"), C, 1),
                        Refusal.Reason.BACKBONE_ADDRESS),
                Arguments.of("a wide prefix over everything", entry(Cidr.parse("10.0.0.0/8"), C, 1),
                        Refusal.Reason.BACKBONE_ADDRESS),
                Arguments.of("this node's own VPC", entry(VPC_EU, C, 2), Refusal.Reason.OWN_VPC),
                Arguments.of("a subnet of this node's VPC", entry(Cidr.parse("172.31.5.0/24"), C, 1), Refusal.Reason.OWN_VPC),
                Arguments.of("D's VPC", entry(VPC_D, C, 1), Refusal.Reason.VPC_OF_ANOTHER_NODE),
                Arguments.of("a host inside C's own VPC", entry(Cidr.parse("172.16.5.5/32"), C, 1),
                        Refusal.Reason.OVERLAPS_APPROVED_VPC),
                Arguments.of("an address outside the client CIDR", entry(Cidr.parse("192.168.1.7/32"), C, 1),
                        Refusal.Reason.NOT_A_CLIENT_ADDRESS),
                Arguments.of("the client CIDR itself", entry(Cidr.parse("10.50.0.0/16"), C, 1),
                        Refusal.Reason.NOT_A_CLIENT_ADDRESS),
                Arguments.of("an unregistered address", entry(Cidr.parse("10.50.0.99/32"), C, 1),
                        Refusal.Reason.UNREGISTERED_CLIENT),
                Arguments.of("a registered client for an unapproved node", entry(clientAddress(9), EVIL, 1),
                        Refusal.Reason.UNAPPROVED_OWNER),
                Arguments.of("a VPC for an unapproved node", entry(VPC_D, EVIL, 1), Refusal.Reason.UNAPPROVED_OWNER));
    }

    /** The forged entries whose item, put in the table, displaces no legitimate owner this node believed. */
    static Stream<Arguments> forgedOwnerEntriesDisplacingNone() {
        return forgedOwnerEntries().filter(a -> !((RouteEntry) a.get()[1]).prefix().equals(VPC_EU));
    }

    static Stream<Arguments> forgedRecords() {
        return Stream.of(
                Arguments.of("C's record with B's backbone key",
                        record(C, key(B), backboneAddress(3), Endpoint.parse("203.0.113.3:51821")), Refusal.Reason.RECORD_MISMATCH),
                Arguments.of("C's record with B's backbone address",
                        record(C, key(C), backboneAddress(2), Endpoint.parse("203.0.113.3:51821")), Refusal.Reason.RECORD_MISMATCH),
                Arguments.of("C's record with a key no approval has",
                        record(C, key(new NodeId("node-zz")), backboneAddress(3), Endpoint.parse("203.0.113.3:51821")),
                        Refusal.Reason.RECORD_MISMATCH),
                Arguments.of("C's record pointing the backbone at instance metadata",
                        record(C, key(C), backboneAddress(3), Endpoint.parse("169.254.169.254:51821")),
                        Refusal.Reason.FORBIDDEN_ENDPOINT));
    }

    private Map<String, Object> legitimateHost() {
        SimulatedHost reference = Fleet.host();
        new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(reference, INTERFACES))
                .reconcile(read(LEGIT), REGISTRY, RECORDS, NOW);
        return snapshot(reference);
    }

    private static Map<String, Object> snapshot(SimulatedHost host) {
        return new TreeMap<>(Map.of("peers", new TreeMap<>(host.peers("backbone")), "routes", host.routes()));
    }

    private static List<RouteEntry> with(List<RouteEntry> entries, RouteEntry more) {
        List<RouteEntry> all = new ArrayList<>(entries);
        all.add(more);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedOwnerEntriesDisplacingNone")
    void aForgedOwnerEntryInTheTable_isRefusedAndCounted_andTheHostKeepsItsRoutes(String what, RouteEntry forged,
                                                                                    Refusal.Reason reason) {
        keeper.reconcile(read(LEGIT), REGISTRY, RECORDS, NOW);
        Map<String, Object> before = snapshot(host);
        host.clearChanges();

        keeper.reconcile(read(with(LEGIT, forged)), REGISTRY, RECORDS, NOW.plusSeconds(30));
        keeper.reconcile(read(with(LEGIT, forged)), REGISTRY, RECORDS, NOW.plusSeconds(60));

        assertEquals(before, snapshot(host), what);
        assertEquals(List.of(), host.changes(), "not one command for " + what);
        assertEquals(1, keeper.refusals(), "counted once while it stays");
        assertEquals(List.of(new Refusal(forged.prefix().toString(), reason)), keeper.takeNewRefusals());
    }

    @Test
    void aForgedOwnerOfThisNodesOwnVpcInTheTable_isRefused_theVpcStaysRoutedIntoTheVpc_andThePartnerLosesOnlyItsReplies() {
        keeper.reconcile(read(LEGIT), REGISTRY, RECORDS, NOW);
        Map<String, String> routes = Map.copyOf(host.routes());
        host.clearChanges();
        RouteEntry forged = entry(VPC_EU, C, 2);

        keeper.reconcile(read(with(LEGIT, forged)), REGISTRY, RECORDS, NOW.plusSeconds(30));

        assertEquals(routes, host.routes());
        assertTrue(host.changes().stream().noneMatch(c -> c.get(0).equals("ip")), host.changes().toString());
        assertFalse(host.peers("backbone").get(key(B).base64()).allowedIps().contains(VPC_EU.toString()),
                "the item B owned is displaced: B's replies from the VPC are no longer taken");
        assertFalse(host.peers("backbone").get(key(C).base64()).allowedIps().contains(VPC_EU.toString()), "nor are C's");
        assertEquals(List.of(new Refusal(VPC_EU.toString(), Refusal.Reason.OWN_VPC)), keeper.takeNewRefusals());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedOwnerEntries")
    void aForgedOwnerEntryPushed_isRefusedBeforeTheMerge_andTheHostKeepsItsRoutes(String what, RouteEntry forged,
                                                                                   Refusal.Reason reason) {
        keeper.reconcile(read(LEGIT), REGISTRY, RECORDS, NOW);
        Map<String, Object> before = snapshot(host);
        host.clearChanges();

        PushResult result = keeper.applyPushed(List.of(forged), NOW);

        assertEquals(List.of(new PushResult.Pushed(forged, new PushResult.Outcome.Refused(reason))), result.entries());
        assertEquals(before, snapshot(host), what);
        assertEquals(List.of(), host.changes());
        assertEquals(1, keeper.refusals());
    }

    @Test
    void aPushedClientForAnUnapprovedNode_doesNotDisplaceItsBelievedOwner() {
        keeper.reconcile(read(LEGIT), REGISTRY, RECORDS, NOW);
        Map<String, Object> before = snapshot(host);

        keeper.applyPushed(List.of(entry(CLIENT, EVIL, 4)), NOW);
        keeper.applyPushed(List.of(entry(CLIENT, EVIL, RouteEntry.MAX_VERSION)), NOW);

        assertEquals(before, snapshot(host));
        assertEquals(B, keeper.owners().entries().get(CLIENT).owner());
        assertEquals(3, keeper.owners().entries().get(CLIENT).version());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedRecords")
    void aForgedNodeRecord_buildsNoPeer_andLeavesTheOthersAlone(String what, NodeRecord forged, Refusal.Reason reason) {
        keeper.reconcile(read(LEGIT), REGISTRY, RECORDS, NOW);
        SimulatedHost.Peer peerOfB = host.peers("backbone").get(key(B).base64());

        keeper.reconcile(read(LEGIT), REGISTRY, List.of(RECORDS.get(0), RECORDS.get(1), forged), NOW.plusSeconds(30));

        assertFalse(host.peers("backbone").containsKey(key(C).base64()), "no peer for C from a record its approval disowns");
        assertEquals(peerOfB, host.peers("backbone").get(key(B).base64()), "B's peer keeps its endpoint and prefixes: " + what);
        assertEquals("backbone", host.routes().get("10.99.0.2/32"));
        assertEquals("backbone", host.routes().get(CLIENT.toString()), "B's client stays routed to B");
        assertEquals("clients", host.routes().get(clientAddress(2).toString()));
        assertFalse(host.routes().containsKey(clientAddress(3).toString()), "C's own client is C's to lose, nobody else's");
        assertEquals(List.of(new Refusal(C.value(), reason)), keeper.takeNewRefusals());
    }

    @Test
    void theRecordOfAnUnapprovedNode_buildsNoPeer() {
        NodeRecord evil = record(EVIL, key(EVIL), backboneAddress(66), Endpoint.parse("203.0.113.66:51821"));

        keeper.reconcile(read(LEGIT), REGISTRY, Fleet.recordsWith(evil), NOW);

        assertEquals(legitimateHost(), snapshot(host));
        assertEquals(List.of(new Refusal(EVIL.value(), Refusal.Reason.UNAPPROVED_NODE)), keeper.takeNewRefusals());
    }

    @Test
    void twoDifferentRecordsOfOneNode_areBothRefused() {
        NodeRecord other = record(C, key(C), backboneAddress(3), Endpoint.parse("198.51.100.3:51821"));

        keeper.reconcile(read(LEGIT), REGISTRY, Fleet.recordsWith(other), NOW);

        assertFalse(host.peers("backbone").containsKey(key(C).base64()));
        assertEquals(List.of(new Refusal(C.value(), Refusal.Reason.DUPLICATE_RECORD)), keeper.takeNewRefusals());
    }

    @Test
    void everyForgedItemAtOnce_inAnyOrder_leavesExactlyTheLegitimateHost() {
        Map<String, Object> legitimate = legitimateHost();
        List<RouteEntry> forged = forgedOwnerEntries().map(a -> (RouteEntry) a.get()[1])
                .filter(e -> !e.prefix().equals(VPC_EU) && !e.prefix().equals(VPC_D)).toList();
        Random random = new Random(13);
        for (int round = 0; round < 20; round++) {
            List<RouteEntry> table = new ArrayList<>(LEGIT);
            table.addAll(forged);
            Collections.shuffle(table, random);
            List<RouteEntry> pushes = new ArrayList<>(forged);
            Collections.shuffle(pushes, random);
            SimulatedHost fresh = Fleet.host();
            HostRouteKeeper k = new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(fresh, INTERFACES));

            k.reconcile(read(table), REGISTRY, RECORDS, NOW);
            pushes.forEach(e -> k.applyPushed(List.of(e), NOW));

            assertEquals(legitimate, snapshot(fresh), "round " + round + ", order " + table);
        }
    }

    @Test
    void aPushedVersionNearTheMaximum_holdsOnlyUntilTheReconcileOneIntervalAfterIt() {
        keeper.reconcile(read(LEGIT), REGISTRY, RECORDS, NOW);
        keeper.applyPushed(List.of(entry(CLIENT, C, RouteEntry.MAX_VERSION)), NOW.plusSeconds(5));
        assertTrue(host.peers("backbone").get(key(C).base64()).allowedIps().contains(CLIENT.toString()), "a push is applied at once");

        keeper.reconcile(read(LEGIT), REGISTRY, RECORDS, NOW.plusSeconds(30));
        assertTrue(host.peers("backbone").get(key(C).base64()).allowedIps().contains(CLIENT.toString()),
                "25 s after the push the index may still be behind it");

        keeper.reconcile(read(LEGIT), REGISTRY, RECORDS, NOW.plusSeconds(35));
        assertTrue(host.peers("backbone").get(key(B).base64()).allowedIps().contains(CLIENT.toString()),
                "one interval after the push the table's owner wins, whatever the pushed version");
        assertEquals(3, keeper.owners().entries().get(CLIENT).version());

        PushResult result = keeper.applyPushed(List.of(entry(CLIENT, B, 4)), NOW.plusSeconds(36));
        assertEquals(new PushResult.Outcome.Applied(), result.entries().get(0).outcome(), "the next real change is not stale");
    }

    @Test
    void versionsAtTheMaximumOnEveryPrefix_sumWithoutOverflow_andReconcileStillWorks() {
        List<RouteEntry> maxed = new ArrayList<>();
        for (int i = 1; i <= Fleet.REGISTERED_CLIENTS; i++) {
            maxed.add(entry(clientAddress(i), C, RouteEntry.MAX_VERSION));
        }

        keeper.reconcile(read(LEGIT), REGISTRY, RECORDS, NOW);
        keeper.applyPushed(maxed, NOW);
        keeper.reconcile(read(maxed), REGISTRY, RECORDS, NOW.plusSeconds(30));

        assertEquals(Fleet.REGISTERED_CLIENTS * RouteEntry.MAX_VERSION, keeper.applied().versionSum());
    }
}
