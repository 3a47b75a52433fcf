package dev.wgroam.functions.ownership;

import static dev.wgroam.functions.ownership.OwnershipFunctionTest.A;
import static dev.wgroam.functions.ownership.OwnershipFunctionTest.B;
import static dev.wgroam.functions.ownership.OwnershipFunctionTest.EU;
import static dev.wgroam.functions.ownership.OwnershipFunctionTest.NOW;
import static dev.wgroam.functions.ownership.OwnershipFunctionTest.VPC;
import static dev.wgroam.functions.ownership.OwnershipFunctionTest.address;
import static dev.wgroam.functions.ownership.OwnershipFunctionTest.seen;
import static dev.wgroam.functions.ownership.StreamRecords.insert;
import static dev.wgroam.functions.ownership.StreamRecords.modify;
import static dev.wgroam.functions.testing.SampleRegistry.approval;
import static dev.wgroam.functions.testing.SampleRegistry.clientKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.wireguard.Endpoint;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a node holding its own credentials can write, and what the ownership function makes of it:
 * refused claims are counted by reason and logged once a batch, and change no owner and send nothing.
 */
class OwnershipHostileNodeTest {

    static final Instant YEAR_9999 = Instant.parse("9999-12-31T23:59:59Z");
    static final NodeId UNAPPROVED = new NodeId("node-x");

    final OwnershipFunctionTest fleet = new OwnershipFunctionTest();
    final InMemoryOwnershipStore store = fleet.store;

    static Observation withHandshake(NodeId node, int client, Instant handshake) {
        return new Observation(node, clientKey(client), handshake, Endpoint.parse("198.51.100.66:51820"), 1, 2, NOW);
    }

    Owner clientOwner(NodeId node, long handshakeSecondsAgo) {
        Owner owner = new Owner(new Subject.Client(clientKey(1)), address(1), node, new NodeName("vpn-" + node.value().charAt(5)),
                NOW.minusSeconds(handshakeSecondsAgo), 3, NOW.minusSeconds(3600), null);
        store.owners.put(owner.subject(), owner);
        return owner;
    }

    long linesContaining(String text) {
        return fleet.log().lines().filter(l -> l.contains(text)).count();
    }

    void assertRefused(String reason, int count) {
        assertTrue(fleet.log().contains("\"Reason\":\"" + reason + "\",\"RefusedClaims\":" + count), fleet.log());
    }

    @Test
    void observationFromAnUnapprovedNode_isRefusedCountedAndLoggedOnce() {
        StreamsEventResponse response = fleet.handle(fleet.reported("1", seen(UNAPPROVED, 1, 1)),
                fleet.reported("2", seen(UNAPPROVED, 2, 1)));

        assertEquals(List.of(), response.getBatchItemFailures(), "refused, not retried");
        assertTrue(store.owners.isEmpty());
        assertEquals(0, fleet.sender.sends.size());
        assertRefused("UNAPPROVED_NODE", 2);
        assertEquals(1, linesContaining("claims refused"), "one log line a batch");
        assertTrue(fleet.log().contains("\"first\":{\"client\":\"" + clientKey(1).shortForm() + "\",\"node\":\"node-x\","
                + "\"reason\":\"UNAPPROVED_NODE\"}"), fleet.log());
    }

    @Test
    void unapprovedNodesFresherObservation_cannotTakeAClient() {
        clientOwner(A, 60);

        fleet.handle(fleet.reported("1", seen(UNAPPROVED, 1, 0)));

        assertEquals(A, store.owners.get(new Subject.Client(clientKey(1))).node());
        assertEquals(3, store.owners.get(new Subject.Client(clientKey(1))).version());
    }

    @Test
    void observationOfAnUnregisteredClient_neverReachesADecisionOrAWrite() {
        StreamsEventResponse response = fleet.handle(fleet.reported("1", seen(A, 150, 1)));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertTrue(store.owners.isEmpty());
        assertEquals(0, store.writes);
        assertEquals(List.of(), store.observationReads, "no other node's item is read for an unregistered key");
        assertRefused("UNREGISTERED_CLIENT", 1);
    }

    @Test
    void handshakeInYear9999_isRefused_andCannotTakeAClient() {
        clientOwner(A, 60);

        fleet.handle(fleet.reported("1", withHandshake(B, 1, YEAR_9999)));

        Owner owner = store.owners.get(new Subject.Client(clientKey(1)));
        assertEquals(A, owner.node());
        assertEquals(3, owner.version());
        assertRefused("FUTURE_HANDSHAKE", 1);
    }

    @Test
    void handshakeInYear9999_fromTheFirstClaimant_writesNoOwner() {
        fleet.handle(fleet.reported("1", withHandshake(B, 1, YEAR_9999)));

        assertNull(store.owners.get(new Subject.Client(clientKey(1))));
    }

    @Test
    void failedNodesFutureHandshake_cannotKeepAClient() {
        clientOwner(A, 60);
        store.states.put(A, NodeState.FAILED);
        store.observe(withHandshake(A, 1, YEAR_9999));

        fleet.handle(fleet.reported("1", seen(B, 1, 30)));

        Owner owner = store.owners.get(new Subject.Client(clientKey(1)));
        assertEquals(B, owner.node(), "a fresher handshake takes the client from a FAILED owner");
        assertEquals(4, owner.version());
        assertRefused("FUTURE_HANDSHAKE", 1);
    }

    @Test
    void failedNodesFutureHandshake_cannotTakeAClient() {
        clientOwner(B, 60);
        store.states.put(A, NodeState.FAILED);

        fleet.handle(fleet.reported("1", withHandshake(A, 1, YEAR_9999)));

        assertEquals(B, store.owners.get(new Subject.Client(clientKey(1))).node());
        assertRefused("FUTURE_HANDSHAKE", 1);
    }

    @Test
    void handshakeWithinTheSkewMargin_stillCounts() {
        fleet.handle(fleet.reported("1", withHandshake(B, 1, NOW.plusSeconds(5))));

        assertEquals(B, store.owners.get(new Subject.Client(clientKey(1))).node(),
                "a clock up to the margin ahead is a clock, not a lie");
    }

    @Test
    void approvalListingADefaultRouteOrTheMetadataAddress_cannotExist() {
        for (String forbidden : List.of("0.0.0.0/0", "169.254.169.254/32", "169.254.0.0/16", "127.0.0.0/8")) {
            assertThrows(IllegalArgumentException.class,
                    () -> approval(A, 1, "vpn-a", EU, true, "", List.of(Cidr.parse(forbidden))), forbidden);
        }
    }

    @Test
    void approvalItemListingADefaultRoute_isNotReadAndWritesNoOwner() {
        Map<String, AttributeValue> item = new HashMap<>(NodeApprovalItem.toItem(OwnershipFunctionTest.approvalOfA()));
        item.put("vpcCidrs", AttributeValue.fromL(List.of(AttributeValue.fromS("0.0.0.0/0"))));

        fleet.handle(insert("1", item));

        assertNull(store.owners.get(new Subject.Vpc(Cidr.parse("0.0.0.0/0"))));
        assertEquals(0, store.writes);
        assertEquals(0, fleet.sender.sends.size());
    }

    @Test
    void vpcOwners_comeOnlyFromApprovedCidrs() {
        // 10.0.0.0/16 in two regions: the registry believes neither, so neither gets an owner.
        Cidr contested = Cidr.parse("10.0.0.0/16");
        store.approvals.set(0, approval(A, 1, "vpn-a", EU, true, "", List.of(VPC, contested)));
        store.approvals.set(2, approval(OwnershipFunctionTest.C, 3, "vpn-c", OwnershipFunctionTest.US, false, "",
                List.of(contested)));

        fleet.handle(insert("1", NodeApprovalItem.toItem(store.approvals.get(0))),
                insert("2", NodeApprovalItem.toItem(store.approvals.get(2))));

        assertEquals(Set.of(new Subject.Vpc(VPC)), store.owners.keySet());
        assertEquals(A, store.owners.get(new Subject.Vpc(VPC)).node());
    }

    @Test
    void nodeRecordClaimingVpcPrefixesARegionAndAnEndpoint_changesNothing() {
        NodeRecord record = new NodeRecord(B, clientKey(201), Cidr.parse("10.99.0.2/32"),
                Endpoint.parse("203.0.113.2:51821"), NOW, "0.1.0", AppliedRoutes.NONE);
        Map<String, AttributeValue> forged = new HashMap<>(NodeRecordItem.toItem(record));
        // What a node record could say before the registry: all of it now IAM-refused, and ignored here anyway.
        forged.put("vpcPrefixes", AttributeValue.fromL(List.of(AttributeValue.fromS("0.0.0.0/0"))));
        forged.put("region", AttributeValue.fromS("us-east-1"));
        forged.put("gaEndpointId", AttributeValue.fromS("i-0a1b2c3d4e5f67890"));
        forged.put("vpcPrimary", AttributeValue.fromBool(true));

        StreamsEventResponse response = fleet.handle(insert("1", forged),
                modify("2", NodeRecordItem.toItem(record), forged));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertTrue(store.owners.isEmpty());
        assertEquals(0, store.registryReads, "a node record cannot even make the function read");
        assertEquals(0, fleet.sender.sends.size());
    }

    @Test
    void observationForgedUnderAnotherNodesId_isUnreadable_andCountsForNoOne() {
        // The node may write only node#<its own id>; an item that names another node inside it is junk.
        Map<String, AttributeValue> forged = new HashMap<>(ObservationItem.toItem(seen(A, 1, 0)));
        forged.put("pk", AttributeValue.fromS("node#node-x"));

        StreamsEventResponse response = fleet.handle(insert("1", forged));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertTrue(store.owners.isEmpty());
        assertRefused("UNREADABLE_OBSERVATION", 1);
    }

    @Test
    void registeredClientsKeepTheirOwner_whileForgedClaimsAreRefusedInTheSameBatch() {
        clientOwner(A, 60);
        NodeApproval d = approval(new NodeId("node-d"), 4, "vpn-d", new Region("ap-southeast-2"), false, "", List.of());
        store.approvals.add(d);

        fleet.handle(fleet.reported("1", seen(UNAPPROVED, 1, 0)), fleet.reported("2", withHandshake(B, 1, YEAR_9999)),
                fleet.reported("3", seen(A, 1, 10)), fleet.reported("4", seen(B, 2, 10)));

        assertEquals(A, store.owners.get(new Subject.Client(clientKey(1))).node());
        assertEquals(B, store.owners.get(new Subject.Client(clientKey(2))).node());
        assertRefused("UNAPPROVED_NODE", 1);
        assertRefused("FUTURE_HANDSHAKE", 1);
        assertTrue(fleet.log().contains("\"RefusedClaims\":2"), fleet.log());
        assertEquals(1, linesContaining("claims refused"));
    }
}
