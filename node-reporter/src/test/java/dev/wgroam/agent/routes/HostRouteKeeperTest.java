package dev.wgroam.agent.routes;

import static dev.wgroam.agent.routes.Fleet.B;
import static dev.wgroam.agent.routes.Fleet.C;
import static dev.wgroam.agent.routes.Fleet.CLIENT;
import static dev.wgroam.agent.routes.Fleet.D;
import static dev.wgroam.agent.routes.Fleet.EU;
import static dev.wgroam.agent.routes.Fleet.INTERFACES;
import static dev.wgroam.agent.routes.Fleet.NOW;
import static dev.wgroam.agent.routes.Fleet.RECORDS;
import static dev.wgroam.agent.routes.Fleet.REGISTRY;
import static dev.wgroam.agent.routes.Fleet.SELF;
import static dev.wgroam.agent.routes.Fleet.US;
import static dev.wgroam.agent.routes.Fleet.VPC_EU;
import static dev.wgroam.agent.routes.Fleet.VPC_US;
import static dev.wgroam.agent.routes.Fleet.approval;
import static dev.wgroam.agent.routes.Fleet.entry;
import static dev.wgroam.agent.routes.Fleet.key;
import static dev.wgroam.agent.routes.Fleet.read;
import static dev.wgroam.agent.routes.Fleet.record;
import static dev.wgroam.agent.routes.Fleet.recordsWith;
import static dev.wgroam.agent.routes.Fleet.registryWith;
import static dev.wgroam.agent.routes.Fleet.registryWithout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Named states of the agent's routes, driven through the real argv against a modelled host. */
class HostRouteKeeperTest {

    static final Duration HOLD = Duration.ofSeconds(30);

    final SimulatedHost host = Fleet.host();
    final HostRouteKeeper keeper = new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(host, INTERFACES));

    private Set<String> allowedOf(NodeId node) {
        return host.peers("backbone").get(key(node).base64()).allowedIps();
    }

    @Test
    void firstStart_buildsTheWholeMeshAndRoutes() {
        keeper.reconcile(read(entry(CLIENT, C, 1), entry(VPC_US, C, 1), entry(VPC_EU, B, 1)), REGISTRY, RECORDS, NOW);

        assertEquals(Set.of(key(B).base64(), key(C).base64()), host.peers("backbone").keySet());
        assertEquals(Set.of("10.99.0.3/32", "10.50.0.7/32", "172.16.0.0/16"), allowedOf(C));
        assertEquals(Set.of("10.99.0.2/32", "172.31.0.0/16"), allowedOf(B),
                "the HA partner owning the shared VPC may send its replies over the backbone");
        assertEquals(Map.of("10.99.0.2/32", "backbone", "10.99.0.3/32", "backbone", "10.50.0.7/32", "backbone",
                "172.16.0.0/16", "backbone"), host.routes(), "the own region's VPC is never routed over the backbone");
        assertEquals("203.0.113.3:51821", host.peers("backbone").get(key(C).base64()).endpoint());
        assertEquals(0, keeper.refusals(), "the HA partner owning the shared VPC is no refusal");
    }

    @Test
    void clientRoamsBetweenTwoOtherNodes_movesTheSlashThirtyTwoBetweenPeers() {
        keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW);

        PushResult result = keeper.applyPushed(List.of(entry(CLIENT, B, 2)), NOW);

        assertEquals(List.of(new PushResult.Pushed(entry(CLIENT, B, 2), new PushResult.Outcome.Applied())),
                result.entries());
        assertTrue(result.complete(), result.toString());
        assertTrue(allowedOf(B).contains("10.50.0.7/32"));
        assertFalse(allowedOf(C).contains("10.50.0.7/32"));
        assertEquals("backbone", host.routes().get("10.50.0.7/32"));
        assertTrue(host.changes().stream().noneMatch(c -> c.get(1).equals("route") && c.get(2).equals("del")),
                "the route stays on backbone, never deleted in between: " + host.changes());
    }

    @Test
    void clientRoamsHere_routesItIntoTheClientsInterfaceAndTakesItOffTheBackbone() {
        keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW);

        keeper.applyPushed(List.of(entry(CLIENT, SELF, 2)), NOW);

        assertEquals("clients", host.routes().get("10.50.0.7/32"));
        assertEquals(Set.of("10.99.0.3/32"), allowedOf(C));
    }

    @Test
    void stalePushes_changeNothing() {
        keeper.reconcile(read(entry(CLIENT, C, 5)), REGISTRY, RECORDS, NOW);
        host.clearChanges();

        PushResult result = keeper.applyPushed(List.of(entry(CLIENT, B, 4), entry(CLIENT, B, 5)), NOW);

        assertEquals(List.of(), host.changes());
        assertEquals(List.of(new PushResult.Outcome.Stale(5), new PushResult.Outcome.Stale(5)),
                result.entries().stream().map(PushResult.Pushed::outcome).toList());
    }

    @Test
    void newApproval_addsAPeer_andARevokedOneTakesItsPrefixesAlong() {
        keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW);

        keeper.reconcile(read(entry(CLIENT, C, 1)), registryWith(approval(D, US, 4)), recordsWith(record(D, 4)), NOW);
        assertTrue(host.peers("backbone").containsKey(key(D).base64()));

        keeper.reconcile(read(entry(CLIENT, C, 1)), registryWithout(C), RECORDS, NOW);
        assertFalse(host.peers("backbone").containsKey(key(C).base64()), "a revoked node's record is not believed");
        assertFalse(host.routes().containsKey("10.50.0.7/32"), "no route to an owner that is not approved: " + host.routes());
        assertFalse(host.routes().containsKey("10.99.0.3/32"));
    }

    @Test
    void routeRemovedByHand_isRestoredByTheNextReconcile() {
        keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW);
        host.byHand("ip", "route", "del", "10.50.0.7/32", "dev", "backbone");

        keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW);

        assertEquals("backbone", host.routes().get("10.50.0.7/32"));
    }

    @Test
    void routesTheAgentDoesNotManage_areNeverTouched() {
        host.byHand("ip", "route", "replace", "10.50.0.0/16", "dev", "clients");
        host.byHand("ip", "route", "replace", "192.168.7.0/24", "dev", "backbone");

        keeper.reconcile(read(entry(CLIENT, SELF, 1)), REGISTRY, RECORDS, NOW);

        assertEquals("clients", host.routes().get("10.50.0.0/16"));
        assertEquals("backbone", host.routes().get("192.168.7.0/24"));
    }

    @Test
    void pushedEntryMissingFromTheTable_holdsUntilTheFirstReconcileOneIntervalAfterThePush() {
        keeper.reconcile(read(), REGISTRY, RECORDS, NOW);
        keeper.applyPushed(List.of(entry(CLIENT, C, 3)), NOW.plusSeconds(10));

        keeper.reconcile(read(), REGISTRY, RECORDS, NOW.plusSeconds(30));
        assertEquals("backbone", host.routes().get("10.50.0.7/32"), "the index may be behind the push");

        keeper.reconcile(read(), REGISTRY, RECORDS, NOW.plusSeconds(40));
        assertFalse(host.routes().containsKey("10.50.0.7/32"), "one interval after the push, the table has the word");
    }

    @Test
    void ownerWithoutANodeRecord_isHeldAndReported() {
        Registry withD = registryWith(approval(D, US, 4));
        keeper.reconcile(read(), withD, RECORDS, NOW);

        PushResult result = keeper.applyPushed(List.of(entry(CLIENT, D, 1)), NOW);

        assertEquals(new PushResult.Outcome.Held(), result.entries().get(0).outcome());
        assertFalse(host.routes().containsKey("10.50.0.7/32"));
    }

    @Test
    void pushesBeforeTheFirstReconcile_areHeldUntilTheRegistryIsRead() {
        PushResult result = keeper.applyPushed(List.of(entry(CLIENT, C, 2)), NOW);

        assertTrue(result.beforeFirstReconcile());
        assertEquals(new PushResult.Outcome.Held(), result.entries().get(0).outcome());
        assertEquals(List.of(), host.changes());
        assertEquals(0, host.reads());

        keeper.reconcile(read(entry(CLIENT, C, 2)), REGISTRY, RECORDS, NOW);
        assertEquals("backbone", host.routes().get("10.50.0.7/32"));
    }

    @Test
    void noNodeRecordsAtAll_neverEmptiesTheBackbone() {
        keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW);

        keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, List.of(), NOW);

        assertEquals(Set.of(key(B).base64(), key(C).base64()), host.peers("backbone").keySet());
    }

    @Test
    void failedHostChange_isReportedPartial_andReconcileThrows() {
        keeper.reconcile(read(), REGISTRY, RECORDS, NOW);
        host.fail("ip route replace 10.50.0.7/32");

        PushResult result = keeper.applyPushed(List.of(entry(CLIENT, C, 1)), NOW);

        assertFalse(result.complete());
        assertTrue(result.failures().get(0).contains("Operation not permitted"), result.toString());
        assertThrows(IllegalStateException.class,
                () -> keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW));
    }

    @Test
    void failedApplies_countsEachPushOrReconcileThatLeftTheHostShort() {
        keeper.reconcile(read(), REGISTRY, RECORDS, NOW);
        host.fail("ip route replace 10.50.0.7/32");

        keeper.applyPushed(List.of(entry(CLIENT, C, 1)), NOW);
        assertThrows(IllegalStateException.class,
                () -> keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW));
        assertEquals(2, keeper.failedApplies());

        host.heal();
        keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW);
        keeper.applyPushed(List.of(entry(CLIENT, B, 2)), NOW);
        assertEquals(2, keeper.failedApplies(), "passes that bring the host in line count nothing");
    }

    @Test
    void failedApplies_countsAReconcileThatCannotReadTheHost() {
        host.fail("ip -4 -o route show");

        assertThrows(RuntimeException.class,
                () -> keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW));

        assertEquals(1, keeper.failedApplies());
    }

    @Test
    void applied_summarisesRoutesAndVersions() {
        keeper.reconcile(read(entry(CLIENT, C, 4), entry(VPC_US, C, 2)), REGISTRY, RECORDS, NOW);

        AppliedRoutes applied = keeper.applied();

        assertEquals(6, applied.versionSum());
        assertEquals(4, applied.routes());
        assertEquals(NOW, applied.appliedAt());
    }

    @Test
    void ownerEntriesForDefaultWideOrInsideVpcPrefixes_areRefused_andNeverRouted() {
        keeper.reconcile(read(), REGISTRY, RECORDS, NOW);

        PushResult result = keeper.applyPushed(List.of(entry(Cidr.parse("0.0.0.0/0"), C, 1),
                entry(Cidr.parse("10.0.0.0/8"), C, 1), entry(Cidr.parse("172.16.5.5/32"), C, 1)), NOW);

        assertEquals(List.of(new PushResult.Outcome.Refused(Refusal.Reason.FORBIDDEN_PREFIX),
                new PushResult.Outcome.Refused(Refusal.Reason.BACKBONE_ADDRESS),
                new PushResult.Outcome.Refused(Refusal.Reason.OVERLAPS_APPROVED_VPC)),
                result.entries().stream().map(PushResult.Pushed::outcome).toList(), "a /32 inside a VPC is not a client");
        assertEquals(Set.of("10.99.0.3/32"), allowedOf(C));
        assertEquals(Set.of("10.99.0.2/32", "10.99.0.3/32"), host.routes().keySet());
        assertEquals(3, keeper.refusals());
    }

    @Test
    void failedRouteDelete_isRetriedByTheNextReconcile() {
        Registry withD = registryWith(approval(D, US, 4));
        keeper.reconcile(read(entry(CLIENT, C, 1)), withD, RECORDS, NOW);
        keeper.applyPushed(List.of(entry(CLIENT, D, 2)), NOW);
        host.byHand("ip", "route", "replace", "10.50.0.7/32", "dev", "backbone");
        host.fail("ip route del 10.50.0.7/32");

        assertThrows(IllegalStateException.class, () -> keeper.reconcile(read(), withD, RECORDS, NOW));
        host.heal();
        keeper.reconcile(read(), withD, RECORDS, NOW);
        keeper.reconcile(read(), withD, RECORDS, NOW);

        assertFalse(host.routes().containsKey("10.50.0.7/32"), host.routes().toString());
    }

    @Test
    void afterARestart_leftoversOfARevokedNodeAreCleaned() {
        keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW);
        HostRouteKeeper restarted = new HostRouteKeeper(SELF, HOLD, INTERFACES, new LinuxHost(host, INTERFACES));

        restarted.reconcile(read(), registryWithout(C), RECORDS, NOW);

        assertEquals(Map.of("10.99.0.2/32", "backbone"), host.routes());
        assertEquals(Set.of(key(B).base64()), host.peers("backbone").keySet());
    }

    @Test
    void anotherVpcOfTheSameRegion_goesOverTheBackboneToItsOwner() {
        Cidr otherVpc = Cidr.parse("172.30.0.0/16");
        Registry withD = registryWith(approval(D, EU, 4, otherVpc));

        keeper.reconcile(read(entry(otherVpc, D, 1), entry(VPC_EU, B, 1)), withD, recordsWith(record(D, 4)), NOW);

        assertEquals("backbone", host.routes().get("172.30.0.0/16"), "peering would drop client traffic");
        assertTrue(host.peers("backbone").get(key(D).base64()).allowedIps().contains("172.30.0.0/16"),
                "D's peer carries its VPC, so replies from it pass WireGuard's source check");
        assertFalse(host.routes().containsKey("172.31.0.0/16"), "this node's own VPC stays with the VPC");
    }

    @Test
    void pushes_applyWithoutReadingTheHost_reconcilesReadIt() {
        keeper.reconcile(read(entry(CLIENT, C, 1)), REGISTRY, RECORDS, NOW);
        int afterReconcile = host.reads();

        keeper.applyPushed(List.of(entry(CLIENT, B, 2)), NOW);
        assertEquals(afterReconcile, host.reads(), "a roam's push costs no reads");
        assertTrue(allowedOf(B).contains("10.50.0.7/32"));

        keeper.reconcile(read(entry(CLIENT, B, 2)), REGISTRY, RECORDS, NOW);
        assertTrue(host.reads() > afterReconcile);
    }

    @Test
    void theTablesLowerVersion_replacesAnEntryTheTableNoLongerHas() {
        keeper.reconcile(read(entry(CLIENT, C, 9)), REGISTRY, RECORDS, NOW);

        keeper.reconcile(read(entry(CLIENT, B, 1)), REGISTRY, RECORDS, NOW.plusSeconds(30));

        assertTrue(allowedOf(B).contains("10.50.0.7/32"), "the item was written anew: the table is the truth");
        assertEquals(1, keeper.applied().versionSum());
    }

    @Test
    void aRecordOnlyTheApprovalsKeyAndAddressMakeAPeer_theEndpointIsTheRecords() {
        NodeRecord moved = record(C, key(C), Fleet.backboneAddress(3), Endpoint.parse("198.51.100.3:51821"));

        keeper.reconcile(read(), REGISTRY, List.of(RECORDS.get(0), RECORDS.get(1), moved), NOW);

        assertEquals("198.51.100.3:51821", host.peers("backbone").get(key(C).base64()).endpoint());
    }
}
