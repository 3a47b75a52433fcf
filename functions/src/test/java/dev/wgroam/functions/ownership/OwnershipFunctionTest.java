package dev.wgroam.functions.ownership;

import static dev.wgroam.functions.ownership.StreamRecords.insert;
import static dev.wgroam.functions.ownership.StreamRecords.modify;
import static dev.wgroam.functions.testing.SampleRegistry.approval;
import static dev.wgroam.functions.testing.SampleRegistry.client;
import static dev.wgroam.functions.testing.SampleRegistry.clientKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.functions.testing.EmfLines;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.wireguard.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

class OwnershipFunctionTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Region EU = new Region("eu-west-1");
    static final Region US = new Region("us-east-1");
    static final Region AP = new Region("ap-southeast-2");
    static final NodeId A = new NodeId("node-a");
    static final NodeId B = new NodeId("node-b");
    static final NodeId C = new NodeId("node-c");
    static final Cidr VPC = Cidr.parse("172.31.0.0/16");

    /** A sender that records what it was asked to send, per region. */
    static final class RecordingSender implements CommandSender {
        final List<Map.Entry<Set<Region>, List<String>>> sends = new ArrayList<>();
        Region failing;

        @Override
        public Map<Region, Outcome> send(Set<Region> regions, List<String> payloads) {
            sends.add(Map.entry(Set.copyOf(regions), List.copyOf(payloads)));
            Map<Region, Outcome> outcomes = new HashMap<>();
            regions.forEach(r -> outcomes.put(r, r.equals(failing)
                    ? new Outcome(0, "ThrottlingException: rate exceeded")
                    : new Outcome(payloads.size(), null)));
            return outcomes;
        }

        List<RouteEntry> entries() {
            return sends.stream().flatMap(s -> s.getValue().stream()).filter(p -> !RouteUpdate.isReconcile(p))
                    .flatMap(p -> RouteUpdate.decode(p).stream()).toList();
        }

        long reconcileSignals() {
            return sends.stream().flatMap(s -> s.getValue().stream()).filter(RouteUpdate::isReconcile).count();
        }
    }

    final InMemoryOwnershipStore store = new InMemoryOwnershipStore();
    final RecordingSender sender = new RecordingSender();
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    final OwnershipFunction function = new OwnershipFunction(store, sender,
            new Telemetry(new PrintStream(logs, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC),
                    "ownership", "wg-roam"),
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5), RouteUpdate.DEFAULT_MAX_CHARS);

    OwnershipFunctionTest() {
        store.approvals.add(approvalOfA());
        store.approvals.add(approval(B, 2, "vpn-b", EU, false, "", List.of(VPC)));
        store.approvals.add(approval(C, 3, "vpn-c", US, false, "", List.of()));
        for (int n = 1; n <= 9; n++) {
            store.clients.add(client(n));
        }
    }

    static NodeApproval approvalOfA() {
        return approval(A, 1, "vpn-a", EU, true, "", List.of(VPC));
    }

    static Observation seen(NodeId node, int client, long secondsAgo) {
        return new Observation(node, clientKey(client), NOW.minusSeconds(secondsAgo),
                Endpoint.parse("198.51.100.7:51820"), 1, 2, NOW.minusSeconds(secondsAgo));
    }

    static Cidr address(int client) {
        return Cidr.parse("10.50.0." + client + "/32");
    }

    /** The stream record a node's write produces, after the store has the item (as DynamoDB would). */
    Record reported(String sequence, Observation o) {
        store.observe(o);
        return insert(sequence, ObservationItem.toItem(o));
    }

    StreamsEventResponse handle(Record... records) {
        return function.handle(List.of(records));
    }

    String log() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    @Test
    void handle_claimsOfTwoClients_writeOwnersAndSendOneCommandPerApprovedRegion() {
        StreamsEventResponse response = handle(reported("1", seen(A, 1, 10)), reported("2", seen(C, 2, 3)));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(A, store.owners.get(new Subject.Client(clientKey(1))).node());
        assertEquals(new NodeName("vpn-a"), store.owners.get(new Subject.Client(clientKey(1))).nodeName(),
                "the owner's name is the approval's");
        assertEquals(C, store.owners.get(new Subject.Client(clientKey(2))).node());
        assertEquals(1, sender.sends.size(), "one send call per batch");
        assertEquals(Set.of(EU, US), sender.sends.get(0).getKey());
        assertEquals(1, sender.sends.get(0).getValue().size(), "one payload: one command per region");
        assertEquals(List.of(new RouteEntry(address(1), A, 1), new RouteEntry(address(2), C, 1)), sender.entries());
    }

    @Test
    void handle_regionsToTell_areTheApprovalsRegions() {
        store.approvals.add(approval(new NodeId("node-d"), 4, "vpn-d", AP, false, "", List.of()));

        handle(reported("1", seen(A, 1, 10)));

        assertEquals(Set.of(EU, US, AP), sender.sends.get(0).getKey(),
                "a region with an approved node hears of every change, whoever reported it");
    }

    @Test
    void handle_readsTheRegistryAndStatusesOnceABatch_andObservationsByExactKeyPerApprovedNode() {
        handle(reported("1", seen(A, 1, 10)), reported("2", seen(B, 2, 3)), reported("3", seen(C, 3, 3)),
                insert("4", NodeStatusItem.toItem(new NodeStatus(B, new NodeName("vpn-b"), EU, NodeState.ACTIVE, "",
                        NOW, 128, 128))));

        assertEquals(1, store.registryReads);
        assertEquals(1, store.stateReads);
        assertEquals(List.of(Set.of(A, B, C), Set.of(A, B, C), Set.of(A, B, C)), store.observationReads);
    }

    @Test
    void handle_decidesFromTheStoredObservationsOfEveryApprovedNode() {
        store.observe(seen(B, 1, 2));

        handle(reported("1", seen(A, 1, 60)));

        assertEquals(B, store.owners.get(new Subject.Client(clientKey(1))).node(),
                "B's stored, fresher observation wins over the triggering one");
    }

    @Test
    void handle_replayedBatch_changesNothingAndSendsNothing() {
        Record claim = reported("1", seen(A, 1, 10));
        handle(claim);
        Map<Subject, Owner> before = Map.copyOf(store.owners);

        StreamsEventResponse response = handle(claim, claim);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(before, store.owners);
        assertEquals(1, sender.sends.size(), "no second command for a change already pushed");
    }

    @Test
    void handle_reorderedBatches_reachTheSameOwners() {
        Observation early = seen(A, 1, 60);
        Observation late = seen(B, 1, 10);
        store.observe(early);
        store.observe(late);
        Record first = insert("1", ObservationItem.toItem(early));
        Record second = insert("2", ObservationItem.toItem(late));

        handle(second);
        handle(first);

        Owner owner = store.owners.get(new Subject.Client(clientKey(1)));
        assertEquals(B, owner.node());
        assertEquals(1, owner.version(), "the older claim, arriving late, changes nothing");
    }

    @Test
    void handle_roam_movesOwnerWithNextVersionAndPreviousOwner() {
        handle(reported("1", seen(A, 1, 100)));
        Observation roamed = seen(C, 1, 2);

        handle(reported("2", roamed));

        Owner owner = store.owners.get(new Subject.Client(clientKey(1)));
        assertEquals(C, owner.node());
        assertEquals(2, owner.version());
        assertEquals(A, owner.previousNode());
        assertEquals(new RouteEntry(address(1), C, 2), sender.entries().get(1));
    }

    @Test
    void handle_clientsNewAddress_movesItsRouteToTheRegisteredAddress() {
        handle(reported("1", seen(A, 1, 10)));
        RegisteredClient before = client(1);
        RegisteredClient moved = new RegisteredClient(before.key(), address(201), before.name(), before.createdAt());
        store.clients.set(0, moved);

        StreamsEventResponse response = handle(modify("2", RegisteredClientItem.toItem(before),
                RegisteredClientItem.toItem(moved)));

        assertEquals(List.of(), response.getBatchItemFailures());
        Owner owner = store.owners.get(new Subject.Client(clientKey(1)));
        assertEquals(A, owner.node());
        assertEquals(address(201), owner.prefix());
        assertEquals(2, owner.version());
        assertEquals(new RouteEntry(address(201), A, 2), sender.entries().get(1));
    }

    @Test
    void handle_unreadableRecords_areCountedAndSkipped_nodesJunkAsRefusedClaims() {
        Map<String, AttributeValue> unknownKind = new HashMap<>(ObservationItem.toItem(seen(A, 3, 5)));
        unknownKind.put("kind", AttributeValue.fromS("gossip"));
        Map<String, AttributeValue> wrongType = new HashMap<>(ObservationItem.toItem(seen(A, 4, 5)));
        wrongType.put("latestHandshake", AttributeValue.fromS("yesterday"));
        Map<String, AttributeValue> missingKey = new HashMap<>(ObservationItem.toItem(seen(A, 5, 5)));
        missingKey.remove("client");
        Map<String, AttributeValue> badApproval = new HashMap<>(NodeApprovalItem.toItem(approvalOfA()));
        badApproval.put("primary", AttributeValue.fromS("yes"));

        StreamsEventResponse response = handle(
                insert("10", unknownKind), reported("11", seen(A, 1, 5)), insert("12", wrongType),
                insert("13", missingKey), StreamRecords.record("INSERT", "14", null, null), insert("15", badApproval));

        assertEquals(List.of(), response.getBatchItemFailures(),
                "no retry can mend an unreadable record, and one would hold up the shard");
        assertEquals(A, store.owners.get(new Subject.Client(clientKey(1))).node());
        assertEquals(3, EmfLines.sum(log(), OwnershipFunction.MALFORMED_RECORDS), log());
        assertTrue(log().contains("\"pk\":\"approval#node-a\""), "the skipped record's keys are logged: " + log());
        assertTrue(log().contains("\"Reason\":\"UNREADABLE_OBSERVATION\",\"RefusedClaims\":2"), log());
    }

    /** Another invocation, deciding from an older observation, makes B the owner just before our write. */
    private void rivalWritesStaleOwner(int times) {
        store.concurrentWritesToSimulate = times;
        store.rival = new Owner(new Subject.Client(clientKey(1)), address(1), B, new NodeName("vpn-b"),
                NOW.minusSeconds(60), 1, NOW, null);
    }

    @Test
    void handle_lostRace_reReadsAndDecidesAgain() {
        rivalWritesStaleOwner(1);

        StreamsEventResponse response = handle(reported("1", seen(A, 1, 10)));

        assertEquals(List.of(), response.getBatchItemFailures());
        Owner owner = store.owners.get(new Subject.Client(clientKey(1)));
        assertEquals(A, owner.node());
        assertEquals(2, owner.version());
        assertEquals(B, owner.previousNode());
        assertTrue(log().contains("\"LostRaces\":1"));
    }

    @Test
    void handle_endlessContention_reportsTheRecordsForRetry() {
        rivalWritesStaleOwner(OwnershipService.MAX_ATTEMPTS);

        StreamsEventResponse response = handle(reported("7", seen(A, 1, 10)));

        assertEquals("7", response.getBatchItemFailures().get(0).getItemIdentifier());
    }

    @Test
    void handle_statusChange_movesTheRegionsVpcPrefixToTheStandby() {
        NodeStatus failed = new NodeStatus(A, new NodeName("vpn-a"), EU, NodeState.FAILED, "alarm wg-roam-node-a",
                NOW, 128, 0);
        store.owners.put(new Subject.Vpc(VPC), new Owner(new Subject.Vpc(VPC), VPC, A, new NodeName("vpn-a"),
                Instant.EPOCH, 3, NOW.minusSeconds(3600), null));
        store.states.put(A, NodeState.FAILED);

        handle(insert("1", NodeStatusItem.toItem(failed)));

        Owner vpcOwner = store.owners.get(new Subject.Vpc(VPC));
        assertEquals(B, vpcOwner.node());
        assertEquals(4, vpcOwner.version());
        assertEquals(List.of(new RouteEntry(VPC, B, 4)), sender.entries());
    }

    @Test
    void handle_approvalRemoved_movesItsVpcPrefixToTheOtherApprovedNode() {
        store.owners.put(new Subject.Vpc(VPC), new Owner(new Subject.Vpc(VPC), VPC, A, new NodeName("vpn-a"),
                Instant.EPOCH, 3, NOW.minusSeconds(3600), null));
        store.approvals.remove(0);

        StreamsEventResponse response = handle(StreamRecords.record("REMOVE", "1",
                NodeApprovalItem.toItem(approvalOfA()), null));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(B, store.owners.get(new Subject.Vpc(VPC)).node(), "the region came from the old image");
    }

    @Test
    void handle_approvalMovedToAnotherRegion_decidesBothRegions() {
        Cidr usVpc = Cidr.parse("172.20.0.0/16");
        store.owners.put(new Subject.Vpc(VPC), new Owner(new Subject.Vpc(VPC), VPC, A, new NodeName("vpn-a"),
                Instant.EPOCH, 3, NOW.minusSeconds(3600), null));
        NodeApproval movedA = approval(A, 1, "vpn-a", US, true, "", List.of(usVpc));
        store.approvals.set(0, movedA);

        handle(modify("1", NodeApprovalItem.toItem(approvalOfA()), NodeApprovalItem.toItem(movedA)));

        assertEquals(B, store.owners.get(new Subject.Vpc(VPC)).node(), "eu-west-1, from the old image");
        assertEquals(A, store.owners.get(new Subject.Vpc(usVpc)).node(), "us-east-1, from the new image");
    }

    @Test
    void handle_ownerItemsRemovedObservationsAndRegistryClaims_areIgnored() {
        Owner owner = new Owner(new Subject.Client(clientKey(1)), address(1), A, new NodeName("vpn-a"), NOW, 1, NOW, null);

        StreamsEventResponse response = handle(insert("1", OwnerItem.toItem(owner)),
                StreamRecords.record("REMOVE", "2", ObservationItem.toItem(seen(A, 1, 1)), null),
                insert("3", RegisteredClientItem.claimItem(RegisteredClientItem.addressClaimKey(address(1)), client(1))));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(0, store.writes);
        assertEquals(0, store.registryReads, "nothing to decide, nothing read");
        assertEquals(0, sender.sends.size());
    }

    @Test
    void handle_whenOneRegionsSendFails_theBatchStillSucceedsAndTheFailureIsCounted() {
        sender.failing = US;

        StreamsEventResponse response = handle(reported("1", seen(A, 1, 10)));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertTrue(log().contains("\"SendFailures\":1"), log());
        assertTrue(log().contains("\"region\":\"us-east-1\""), log());
    }

    @Test
    void handle_registryEntriesNotBelieved_areLoggedOnceABatch() {
        store.clients.add(new RegisteredClient(clientKey(77), Cidr.parse("192.0.2.7/32"),
                new dev.wgroam.registry.ClientName("outside"), NOW));

        handle(reported("1", seen(A, 1, 10)), reported("2", seen(A, 2, 10)));

        assertEquals(1, log().lines().filter(l -> l.contains("registry entries not believed")).count(), log());
        assertTrue(log().contains("\"RegistryRefusals\":1"), log());
    }

    @Test
    void handle_emitsEmbeddedMetricFormat() {
        handle(reported("1", seen(A, 1, 10)));

        String emf = log().lines().filter(l -> l.contains("\"OwnerChanges\"")).findFirst().orElseThrow();
        assertTrue(emf.startsWith("{\"_aws\":{"), emf);
        assertTrue(emf.contains("\"Namespace\":\"wg-roam\""), emf);
        assertTrue(emf.contains("\"Dimensions\":[[\"Function\"]]"), emf);
        assertTrue(emf.contains("\"OwnerChanges\":1"), emf);
        assertTrue(emf.contains("\"RefusedClaims\":0"), emf);
        assertTrue(log().contains("\"HandshakeToOwnerChange\":[10000]"));
    }

    @Test
    void handle_registryChanges_sendOneReconcileSignalABatchToEveryApprovedRegion() {
        List<Record> records = new ArrayList<>();
        for (int n = 10; n < 110; n++) {
            RegisteredClient added = client(n);
            store.clients.add(added);
            records.add(insert("c" + n, RegisteredClientItem.toItem(added)));
        }
        records.add(StreamRecords.record("REMOVE", "r1", RegisteredClientItem.toItem(client(1)), null));
        records.add(insert("f1", FleetSettingsItem.toItem(new FleetSettings(Cidr.parse("10.50.0.0/16"),
                Cidr.parse("10.99.0.0/24"), "203.0.113.100"), NOW)));

        StreamsEventResponse response = function.handle(records);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(1, sender.sends.size());
        assertEquals(Set.of(EU, US), sender.sends.get(0).getKey());
        assertEquals(List.of(RouteUpdate.RECONCILE), sender.sends.get(0).getValue(), "101 client changes, one signal");
    }

    /** The client's item leaves the registry, as the operator's {@code client remove} does, and its REMOVE record. */
    Record removed(String sequence, int client) {
        store.clients.removeIf(c -> c.key().equals(clientKey(client)));
        return StreamRecords.record("REMOVE", sequence, RegisteredClientItem.toItem(client(client)), null);
    }

    @Test
    void handle_removedClient_deletesItsOwnerItem_signalsAReconcile_andRoutesNothing() {
        handle(reported("1", seen(A, 1, 10)));
        handle(reported("2", seen(A, 2, 10)));
        sender.sends.clear();

        StreamsEventResponse response = handle(removed("3", 1), reported("4", seen(C, 1, 1)));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertNull(store.owners.get(new Subject.Client(clientKey(1))), "the removed client's owner item is gone");
        assertEquals(A, store.owners.get(new Subject.Client(clientKey(2))).node(), "another client's stays");
        assertEquals(List.of(), sender.entries(), "no route for a removed client, whatever a node still reports");
        assertEquals(1, sender.reconcileSignals());
        assertTrue(log().contains("\"ForgottenOwners\":1"), log());
    }

    @Test
    void handle_clientRegisteredAgainBeforeItsRemoveIsProcessed_keepsItsOwner() {
        handle(reported("1", seen(A, 1, 10)));
        Record removal = removed("2", 1);
        store.clients.add(client(1));

        handle(removal);

        assertEquals(A, store.owners.get(new Subject.Client(clientKey(1))).node());
        assertEquals(0, store.forgets);
    }

    @Test
    void handle_ownerDecidedWhileTheRemovedClientIsForgotten_isReReadAndStillDeleted() {
        handle(reported("1", seen(A, 1, 10)));
        Owner first = store.owners.get(new Subject.Client(clientKey(1)));
        store.slipsInBeforeForget = new Owner(first.subject(), first.prefix(), C, new NodeName("vpn-c"), NOW, 2, NOW, A);

        StreamsEventResponse response = handle(removed("2", 1));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertNull(store.owners.get(new Subject.Client(clientKey(1))));
        assertTrue(log().contains("\"LostRaces\":1"), log());
    }

    @Test
    void handle_approvalAndStatusChanges_eachSignalAReconcile_soADrainedNodeLearnsAtOnce() {
        handle(insert("1", NodeStatusItem.toItem(new NodeStatus(B, new NodeName("vpn-b"), EU, NodeState.DRAINED,
                "operator: maintenance", NOW, 128, 0))));
        assertEquals(1, sender.reconcileSignals(), "B reads its status now and sends its clients away");

        handle(modify("2", NodeApprovalItem.toItem(approvalOfA()), NodeApprovalItem.toItem(approvalOfA())));

        assertEquals(2, sender.reconcileSignals());
    }

    @Test
    void handle_nodeWrittenItems_neverSignalARegistryChange() {
        NodeRecord record = new NodeRecord(A, clientKey(1), Cidr.parse("10.99.0.1/32"), Endpoint.parse("203.0.113.1:51821"),
                NOW, "0.1.0", AppliedRoutes.NONE);

        handle(insert("1", NodeRecordItem.toItem(record)), reported("2", seen(A, 1, 10)),
                StreamRecords.record("REMOVE", "3", ObservationItem.toItem(seen(A, 2, 1)), null));

        assertEquals(0, sender.reconcileSignals(), "a node speaks only for itself: its items are no registry change");
    }

    /**
     * A node can write and delete items in its own partition only. One dressed as a client item of a
     * victim, then deleted, must not take the victim's owner item along, nor pass for a registry change.
     */
    @Test
    void handle_aNodeDeletingAForgedClientItemInItsOwnPartition_forgetsNoOwner() {
        handle(reported("1", seen(A, 1, 10)));
        Owner victim = store.owners.get(new Subject.Client(clientKey(1)));
        store.clients.removeIf(c -> c.key().equals(clientKey(1)));
        Map<String, AttributeValue> forged = new java.util.HashMap<>(RegisteredClientItem.toItem(client(1)));
        forged.put("pk", AttributeValue.fromS("node#" + A));
        forged.put("sk", AttributeValue.fromS("observation#" + clientKey(1).base64()));
        sender.sends.clear();

        StreamsEventResponse response = handle(StreamRecords.record("REMOVE", "2", forged, null));

        assertEquals(List.of(), response.getBatchItemFailures(), "skipped, never retried");
        assertEquals(victim, store.owners.get(new Subject.Client(clientKey(1))));
        assertEquals(0, store.forgets);
        assertEquals(0, sender.reconcileSignals());
        assertTrue(log().contains("\"MalformedRecords\":1"), log());
    }
}
