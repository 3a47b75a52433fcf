package dev.wgroam.functions.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.functions.testing.EmfLines;
import dev.wgroam.functions.testing.SampleRegistry;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The events/ samples, read by the Lambda runtime's deserializer and run through the handler. */
class EventSamplesTest {

    static final Path EVENTS = Path.of("..", "events");
    static final Instant NOW = Instant.parse("2026-11-24T20:05:02Z");
    static final Region EU = new Region("eu-west-1");
    static final NodeId A = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890");
    static final NodeId B = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0f9e8d7c6b5a43210");
    static final PeerKey CLIENT = new PeerKey("q5LlyN0p0ZZq3qBvVvYQ1bZ3F8sE2x9rLkQeN3m6WkA=");
    static final Cidr ADDRESS = Cidr.parse("10.50.0.7/32");
    static final Cidr VPC = Cidr.parse("172.31.0.0/16");

    final InMemoryOwnershipStore store = new InMemoryOwnershipStore();
    final OwnershipFunctionTest.RecordingSender sender = new OwnershipFunctionTest.RecordingSender();
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    final OwnershipHandler handler = new OwnershipHandler(new OwnershipFunction(store, sender,
            new Telemetry(new PrintStream(logs, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC),
                    "ownership", "wg-roam"),
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5), RouteUpdate.DEFAULT_MAX_CHARS), "wg-roam");

    EventSamplesTest() {
        store.approvals.add(approval(A, 1, "vpn-eu-west-1a", true, "i-0a1b2c3d4e5f67890"));
        store.approvals.add(approval(B, 2, "vpn-eu-west-1b", false, "i-0f9e8d7c6b5a43210"));
        store.clients.add(new RegisteredClient(CLIENT, ADDRESS, new ClientName("callserver-7"),
                SampleRegistry.APPROVED_AT));
    }

    static NodeApproval approval(NodeId node, int n, String name, boolean primary, String endpoint) {
        return SampleRegistry.approval(node, n, name, EU, primary, endpoint, List.of(VPC));
    }

    static DynamodbEvent read(String name) throws IOException {
        PojoSerializer<DynamodbEvent> serializer =
                LambdaEventSerializers.serializerFor(DynamodbEvent.class, EventSamplesTest.class.getClassLoader());
        try (InputStream in = Files.newInputStream(EVENTS.resolve(name))) {
            return serializer.fromJson(in);
        }
    }

    private Owner clientOwnedBy(NodeId node, long handshakeSecondsAgo) {
        Owner owner = new Owner(new Subject.Client(CLIENT), ADDRESS, node, new NodeName("x"),
                NOW.minusSeconds(handshakeSecondsAgo), 4, NOW.minusSeconds(3600), null);
        store.owners.put(owner.subject(), owner);
        return owner;
    }

    private Owner vpcOwnedByA() {
        Owner owner = new Owner(new Subject.Vpc(VPC), VPC, A, new NodeName("vpn-eu-west-1a"), Instant.EPOCH, 2,
                NOW.minusSeconds(86400), null);
        store.owners.put(owner.subject(), owner);
        return owner;
    }

    private List<String> failures(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    @Test
    void claim_movesTheClientToTheClaimingNode() throws IOException {
        clientOwnedBy(A, 3600);

        StreamsEventResponse response = handler.handleRequest(read("ownership-claim.json"), null);

        assertEquals(List.of(), failures(response));
        assertEquals(B, store.owners.get(new Subject.Client(CLIENT)).node());
        assertEquals(5, store.owners.get(new Subject.Client(CLIENT)).version());
        assertEquals(1, sender.sends.size());
    }

    @Test
    void refresh_byTheOwner_changesNothingAndSendsNothing() throws IOException {
        clientOwnedBy(A, 900);

        StreamsEventResponse response = handler.handleRequest(read("ownership-refresh.json"), null);

        assertEquals(List.of(), failures(response));
        assertEquals(4, store.owners.get(new Subject.Client(CLIENT)).version());
        assertEquals(0, sender.sends.size());
    }

    @Test
    void nodeFailed_movesTheVpcPrefixToTheStandby() throws IOException {
        vpcOwnedByA();
        store.states.put(A, NodeState.FAILED);

        handler.handleRequest(read("ownership-node-failed.json"), null);

        assertEquals(B, store.owners.get(new Subject.Vpc(VPC)).node());
    }

    @Test
    void malformed_operatorItemIsCountedAndSkipped_nodesJunkIsRefused_theGoodClaimBesideThemCounts() throws IOException {
        StreamsEventResponse response = handler.handleRequest(read("ownership-malformed.json"), null);

        assertEquals(List.of(), failures(response));
        assertEquals(1, EmfLines.sum(logs.toString(StandardCharsets.UTF_8), OwnershipFunction.MALFORMED_RECORDS));
        assertEquals(B, store.owners.get(new Subject.Client(CLIENT)).node());
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"Reason\":\"UNREADABLE_OBSERVATION\""));
    }

    @Test
    void approvalRemoved_movesTheVpcPrefixToTheNodeStillApproved() throws IOException {
        vpcOwnedByA();
        store.approvals.remove(0);

        StreamsEventResponse response = handler.handleRequest(read("ownership-approval-removed.json"), null);

        assertEquals(List.of(), failures(response));
        assertEquals(B, store.owners.get(new Subject.Vpc(VPC)).node());
        assertEquals(3, store.owners.get(new Subject.Vpc(VPC)).version());
    }

    @Test
    void clientReaddressed_movesItsRoute() throws IOException {
        clientOwnedBy(A, 60);
        store.observe(new dev.wgroam.ownership.Observation(A, CLIENT, NOW.minusSeconds(60),
                dev.wgroam.wireguard.Endpoint.parse("198.51.100.23:51820"), 1, 2, NOW.minusSeconds(59)));
        Cidr moved = Cidr.parse("10.50.0.9/32");
        store.clients.set(0, new RegisteredClient(CLIENT, moved, new ClientName("callserver-7"), SampleRegistry.APPROVED_AT));

        StreamsEventResponse response = handler.handleRequest(read("ownership-client-readdressed.json"), null);

        assertEquals(List.of(), failures(response));
        assertEquals(List.of(new RouteEntry(moved, A, 5)), sender.entries());
    }

    /**
     * A record of another table's stream, and one without ApproximateCreationDateTime (the SDK v2
     * transform cannot convert it): each counted and skipped with its keys logged; the claim beside
     * them still counts, and no exception fails the batch.
     */
    @Test
    void recordsOfAnotherStreamOrWithoutCreationTime_areCountedAndSkipped() throws IOException {
        clientOwnedBy(A, 3600);

        StreamsEventResponse response = handler.handleRequest(read("ownership-unreadable-records.json"), null);

        assertEquals(List.of(), failures(response));
        assertEquals(B, store.owners.get(new Subject.Client(CLIENT)).node(), "the good claim counts");
        String log = logs.toString(StandardCharsets.UTF_8);
        assertEquals(2, EmfLines.sum(log, OwnershipFunction.MALFORMED_RECORDS), log);
        assertTrue(log.contains("a record of another stream than table wg-roam's"), log);
        assertTrue(log.contains("a record without ApproximateCreationDateTime"), log);
        assertTrue(log.contains("\"sequenceNumber\":\"400000000000000000008\""), log);
        assertTrue(log.contains("\"sk\":\"observation#q5LlyN0p0ZZq3qBvVvYQ1bZ3F8sE2x9rLkQeN3m6WkA=\""), log);
    }

    @Test
    void hostileNodeRecord_isIgnored() throws IOException {
        StreamsEventResponse response = handler.handleRequest(read("ownership-hostile-node-record.json"), null);

        assertEquals(List.of(), failures(response));
        assertTrue(store.owners.isEmpty());
        assertEquals(0, store.registryReads);
        assertEquals(0, sender.sends.size());
    }

    @Test
    void forgedClaims_areRefusedByReason_andChangeNothing() throws IOException {
        Owner owner = clientOwnedBy(A, 60);

        StreamsEventResponse response = handler.handleRequest(read("ownership-forged-claims.json"), null);

        assertEquals(List.of(), failures(response));
        assertEquals(owner, store.owners.get(new Subject.Client(CLIENT)));
        assertEquals(0, sender.sends.size());
        String log = logs.toString(StandardCharsets.UTF_8);
        for (String reason : List.of("UNAPPROVED_NODE", "UNREGISTERED_CLIENT", "FUTURE_HANDSHAKE")) {
            assertTrue(log.contains("\"Reason\":\"" + reason + "\",\"RefusedClaims\":1"), log);
        }
    }
}
