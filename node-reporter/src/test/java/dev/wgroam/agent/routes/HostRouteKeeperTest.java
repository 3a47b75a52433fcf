package dev.wgroam.agent.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.Region;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Named states of the agent's routes, driven through the real argv against a modelled host. */
class HostRouteKeeperTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Region EU = new Region("eu-west-1");
    static final Region US = new Region("us-east-1");
    static final NodeId SELF = new NodeId("node-a");
    static final NodeId B = new NodeId("node-b");
    static final NodeId C = new NodeId("node-c");
    static final NodeId D = new NodeId("node-d");
    static final Cidr VPC_EU = Cidr.parse("172.31.0.0/16");
    static final Cidr VPC_US = Cidr.parse("172.16.0.0/16");
    static final Cidr CLIENT = Cidr.parse("10.50.0.7/32");

    static final List<Cidr> OWN_VPC = List.of(VPC_EU);
    static final Interfaces INTERFACES = new Interfaces(new InterfaceName("clients"), new InterfaceName("backbone"));

    final FakeHost host = new FakeHost("clients", "backbone");
    final HostRouteKeeper keeper = new HostRouteKeeper(SELF, OWN_VPC, INTERFACES, new LinuxHost(host, INTERFACES));

    static PeerKey key(NodeId node) {
        byte[] raw = new byte[32];
        raw[0] = (byte) node.value().charAt(5);
        return PeerKey.of(raw);
    }

    static NodeRecord node(NodeId id, Region region, int address, List<Cidr> vpcs) {
        return new NodeRecord(id, new NodeName("vpn-" + id), region, key(id), Cidr.parse("10.99.0." + address + "/32"),
                Endpoint.parse("203.0.113." + address + ":51821"), vpcs, false, "", NOW, "0.1.0", AppliedRoutes.NONE);
    }

    /** This node and B in the EU VPC, C in the US one. */
    static final List<NodeRecord> FLEET = List.of(node(SELF, EU, 1, List.of(VPC_EU)), node(B, EU, 2, List.of(VPC_EU)),
            node(C, US, 3, List.of(VPC_US)));

    static RouteEntry entry(Cidr prefix, NodeId owner, long version) {
        return new RouteEntry(prefix, owner, version);
    }

    private Set<String> allowedOf(NodeId node) {
        return host.peers.get(key(node).base64()).allowedIps();
    }

    @Test
    void firstStart_buildsTheWholeMeshAndRoutes() {
        keeper.reconcile(List.of(entry(CLIENT, C, 1), entry(VPC_US, C, 1), entry(VPC_EU, B, 1)), FLEET, NOW);

        assertEquals(Set.of(key(B).base64(), key(C).base64()), host.peers.keySet());
        assertEquals(Set.of("10.99.0.3/32", "10.50.0.7/32", "172.16.0.0/16"), allowedOf(C));
        assertEquals(Set.of("10.99.0.2/32"), allowedOf(B), "the own region's VPC is never sent over the backbone");
        assertEquals(Map.of("10.99.0.2/32", "backbone", "10.99.0.3/32", "backbone", "10.50.0.7/32", "backbone",
                "172.16.0.0/16", "backbone"), host.routes);
        assertEquals("203.0.113.3:51821", host.peers.get(key(C).base64()).endpoint());
    }

    @Test
    void clientRoamsBetweenTwoOtherNodes_movesTheSlashThirtyTwoBetweenPeers() {
        keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW);

        String report = keeper.applyPushed(List.of(entry(CLIENT, B, 2)), NOW);

        assertTrue(report.startsWith("OK 1 of 1 entries newer"), report);
        assertTrue(allowedOf(B).contains("10.50.0.7/32"));
        assertTrue(!allowedOf(C).contains("10.50.0.7/32"));
        assertEquals("backbone", host.routes.get("10.50.0.7/32"));
        assertTrue(host.changes.stream().noneMatch(c -> c.get(1).equals("route") && c.get(2).equals("del")),
                "the route stays on backbone, never deleted in between: " + host.changes);
    }

    @Test
    void clientRoamsHere_routesItIntoTheClientsInterfaceAndTakesItOffTheBackbone() {
        keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW);

        keeper.applyPushed(List.of(entry(CLIENT, SELF, 2)), NOW);

        assertEquals("clients", host.routes.get("10.50.0.7/32"));
        assertEquals(Set.of("10.99.0.3/32"), allowedOf(C));
    }

    @Test
    void stalePushes_changeNothing() {
        keeper.reconcile(List.of(entry(CLIENT, C, 5)), FLEET, NOW);
        host.changes.clear();

        String report = keeper.applyPushed(List.of(entry(CLIENT, B, 4), entry(CLIENT, B, 5)), NOW);

        assertEquals(List.of(), host.changes);
        assertTrue(report.contains("10.50.0.7/32 v4 stale, have v5"), report);
    }

    @Test
    void newNodeRecord_addsAPeer_andARemovedOneTakesItsPrefixesAlong() {
        keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW);
        List<NodeRecord> grown = new ArrayList<>(FLEET);
        grown.add(node(D, US, 4, List.of()));

        keeper.reconcile(List.of(entry(CLIENT, C, 1)), grown, NOW);
        assertTrue(host.peers.containsKey(key(D).base64()));

        keeper.reconcile(List.of(entry(CLIENT, C, 1)), List.of(FLEET.get(0), FLEET.get(1)), NOW);
        assertTrue(!host.peers.containsKey(key(C).base64()));
        assertTrue(!host.routes.containsKey("10.50.0.7/32"), "no route to an owner that is gone: " + host.routes);
        assertTrue(!host.routes.containsKey("10.99.0.3/32"));
    }

    @Test
    void routeRemovedByHand_isRestoredByTheNextReconcile() {
        keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW);
        host.routes.remove("10.50.0.7/32");

        keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW);

        assertEquals("backbone", host.routes.get("10.50.0.7/32"));
    }

    @Test
    void routesTheAgentDoesNotManage_areNeverTouched() {
        host.routes.put("10.50.0.0/16", "clients");
        host.routes.put("192.168.7.0/24", "backbone");

        keeper.reconcile(List.of(entry(CLIENT, SELF, 1)), FLEET, NOW);

        assertEquals("clients", host.routes.get("10.50.0.0/16"));
        assertEquals("backbone", host.routes.get("192.168.7.0/24"));
    }

    @Test
    void pushedEntryMissingFromOneRead_survives_butNotFromTwo() {
        keeper.reconcile(List.of(), FLEET, NOW);
        keeper.applyPushed(List.of(entry(CLIENT, C, 3)), NOW);

        keeper.reconcile(List.of(), FLEET, NOW);
        assertEquals("backbone", host.routes.get("10.50.0.7/32"));

        keeper.reconcile(List.of(), FLEET, NOW);
        assertTrue(!host.routes.containsKey("10.50.0.7/32"));
    }

    @Test
    void ownerWithoutANodeRecord_isHeldAndReported() {
        keeper.reconcile(List.of(), FLEET, NOW);

        String report = keeper.applyPushed(List.of(entry(CLIENT, new NodeId("node-z"), 1)), NOW);

        assertTrue(report.contains("held, owner node-z has no node record yet"), report);
        assertTrue(!host.routes.containsKey("10.50.0.7/32"));
    }

    @Test
    void noNodeRecordsAtAll_neverEmptiesTheBackbone() {
        keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW);

        keeper.reconcile(List.of(entry(CLIENT, C, 1)), List.of(), NOW);

        assertEquals(Set.of(key(B).base64(), key(C).base64()), host.peers.keySet());
    }

    @Test
    void failedHostChange_isReportedPartial_andReconcileThrows() {
        keeper.reconcile(List.of(), FLEET, NOW);
        host.failing.add("ip route replace 10.50.0.7/32");

        String report = keeper.applyPushed(List.of(entry(CLIENT, C, 1)), NOW);

        assertTrue(report.startsWith("PARTIAL"), report);
        assertTrue(report.contains("Operation not permitted"), report);
        assertThrows(IllegalStateException.class, () -> keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW));
    }

    @Test
    void failedApplies_countsEachPushOrReconcileThatLeftTheHostShort() {
        keeper.reconcile(List.of(), FLEET, NOW);
        host.failing.add("ip route replace 10.50.0.7/32");

        keeper.applyPushed(List.of(entry(CLIENT, C, 1)), NOW);
        assertThrows(IllegalStateException.class, () -> keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW));
        assertEquals(2, keeper.failedApplies());

        host.failing.clear();
        keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW);
        keeper.applyPushed(List.of(entry(CLIENT, B, 2)), NOW);
        assertEquals(2, keeper.failedApplies(), "passes that bring the host in line count nothing");
    }

    @Test
    void failedApplies_countsAReconcileThatCannotReadTheHost() {
        host.failing.add("ip -4 -o route show");

        assertThrows(RuntimeException.class, () -> keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW));

        assertEquals(1, keeper.failedApplies());
    }

    @Test
    void applied_summarisesRoutesAndVersions() {
        keeper.reconcile(List.of(entry(CLIENT, C, 4), entry(VPC_US, C, 2)), FLEET, NOW);

        AppliedRoutes applied = keeper.applied();

        assertEquals(6, applied.versionSum());
        assertEquals(4, applied.routes());
        assertEquals(NOW, applied.appliedAt());
    }

    @Test
    void ownerItemsForDefaultOrWidePrefixes_areRefused_andNeverRouted() {
        keeper.reconcile(List.of(), FLEET, NOW);

        String report = keeper.applyPushed(List.of(entry(Cidr.parse("0.0.0.0/0"), C, 1),
                entry(Cidr.parse("10.0.0.0/8"), C, 1), entry(Cidr.parse("172.31.5.5/32"), C, 1)), NOW);

        assertTrue(report.contains("0.0.0.0/0 v1 refused"), report);
        assertTrue(report.contains("10.0.0.0/8 v1 refused"), report);
        assertTrue(report.contains("172.31.5.5/32 v1 refused"), "a /32 inside a VPC is not a client: " + report);
        assertEquals(Set.of("10.99.0.3/32"), allowedOf(C));
        assertEquals(Set.of("10.99.0.2/32", "10.99.0.3/32"), host.routes.keySet());
    }

    @Test
    void failedRouteDelete_isRetriedByTheNextReconcile() {
        keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW);
        keeper.applyPushed(List.of(entry(CLIENT, new NodeId("node-gone"), 2)), NOW);
        host.routes.put("10.50.0.7/32", "backbone");
        host.failing.add("ip route del 10.50.0.7/32");

        assertThrows(IllegalStateException.class, () -> keeper.reconcile(List.of(), FLEET, NOW));
        host.failing.clear();
        keeper.reconcile(List.of(), FLEET, NOW);
        keeper.reconcile(List.of(), FLEET, NOW);

        assertTrue(!host.routes.containsKey("10.50.0.7/32"), host.routes.toString());
    }

    @Test
    void afterARestart_leftoversOfAVanishedNodeAreCleaned() {
        keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW);
        HostRouteKeeper restarted = new HostRouteKeeper(SELF, OWN_VPC, INTERFACES, new LinuxHost(host, INTERFACES));

        restarted.reconcile(List.of(), List.of(FLEET.get(0), FLEET.get(1)), NOW);
        restarted.reconcile(List.of(), List.of(FLEET.get(0), FLEET.get(1)), NOW);

        assertEquals(Map.of("10.99.0.2/32", "backbone"), host.routes);
        assertEquals(Set.of(key(B).base64()), host.peers.keySet());
    }

    @Test
    void anotherVpcOfTheSameRegion_goesOverTheBackboneToItsOwner() {
        Cidr otherVpc = Cidr.parse("172.30.0.0/16");
        List<NodeRecord> withD = new ArrayList<>(FLEET);
        withD.add(node(D, EU, 4, List.of(otherVpc)));

        keeper.reconcile(List.of(entry(otherVpc, D, 1), entry(VPC_EU, B, 1)), withD, NOW);

        assertEquals("backbone", host.routes.get("172.30.0.0/16"), "peering would drop client traffic");
        assertTrue(host.peers.get(key(D).base64()).allowedIps().contains("172.30.0.0/16"),
                "D's peer carries its VPC, so replies from it pass WireGuard's source check");
        assertTrue(!host.routes.containsKey("172.31.0.0/16"), "this node's own VPC stays with the VPC");
    }

    @Test
    void pushes_applyWithoutReadingTheHost_reconcilesReadIt() {
        keeper.reconcile(List.of(entry(CLIENT, C, 1)), FLEET, NOW);
        int afterReconcile = host.reads;

        keeper.applyPushed(List.of(entry(CLIENT, B, 2)), NOW);
        assertEquals(afterReconcile, host.reads, "a roam's push costs no reads");
        assertTrue(allowedOf(B).contains("10.50.0.7/32"));

        keeper.reconcile(List.of(entry(CLIENT, B, 2)), FLEET, NOW);
        assertTrue(host.reads > afterReconcile);
    }
}
