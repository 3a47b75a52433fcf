package dev.wgroam.functions.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
    static final Cidr VPC = Cidr.parse("172.31.0.0/16");

    final InMemoryOwnershipStore store = new InMemoryOwnershipStore();
    final OwnershipFunctionTest.RecordingSender sender = new OwnershipFunctionTest.RecordingSender();
    final OwnershipHandler handler = new OwnershipHandler(new OwnershipFunction(store, sender,
            new Telemetry(new PrintStream(new ByteArrayOutputStream()), Clock.fixed(NOW, ZoneOffset.UTC), "ownership", "wg-roam"),
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5), RouteUpdate.DEFAULT_MAX_CHARS));

    EventSamplesTest() {
        store.nodes.add(node(A, true));
        store.nodes.add(node(B, false));
    }

    static NodeRecord node(NodeId id, boolean primary) {
        byte[] key = new byte[32];
        key[1] = (byte) (primary ? 1 : 2);
        return new NodeRecord(id, new NodeName(primary ? "vpn-eu-west-1a" : "vpn-eu-west-1b"), EU, PeerKey.of(key),
                Cidr.parse(primary ? "10.99.0.1/32" : "10.99.0.2/32"), Endpoint.parse("203.0.113.1:51821"),
                List.of(VPC), primary, "", NOW, "0.1.0", AppliedRoutes.NONE);
    }

    static DynamodbEvent read(String name) throws IOException {
        PojoSerializer<DynamodbEvent> serializer =
                LambdaEventSerializers.serializerFor(DynamodbEvent.class, EventSamplesTest.class.getClassLoader());
        try (InputStream in = Files.newInputStream(EVENTS.resolve(name))) {
            return serializer.fromJson(in);
        }
    }

    private Owner clientOwnedBy(NodeId node, long handshakeSecondsAgo) {
        return new Owner(new Subject.Client(CLIENT), Cidr.parse("10.50.0.7/32"), node, new NodeName("x"),
                NOW.minusSeconds(handshakeSecondsAgo), 4, NOW.minusSeconds(3600), null);
    }

    @Test
    void claim_movesTheClientToTheClaimingNode() throws IOException {
        store.owners.put(new Subject.Client(CLIENT), clientOwnedBy(A, 3600));

        StreamsEventResponse response = handler.handleRequest(read("ownership-claim.json"), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(B, store.owners.get(new Subject.Client(CLIENT)).node());
        assertEquals(5, store.owners.get(new Subject.Client(CLIENT)).version());
        assertEquals(1, sender.sends.size());
    }

    @Test
    void refresh_byTheOwner_changesNothingAndSendsNothing() throws IOException {
        store.owners.put(new Subject.Client(CLIENT), clientOwnedBy(A, 900));

        StreamsEventResponse response = handler.handleRequest(read("ownership-refresh.json"), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(4, store.owners.get(new Subject.Client(CLIENT)).version());
        assertEquals(0, sender.sends.size());
    }

    @Test
    void nodeFailed_movesTheVpcPrefixToTheStandby() throws IOException {
        store.owners.put(new Subject.Vpc(VPC), new Owner(new Subject.Vpc(VPC), VPC, A, new NodeName("vpn-eu-west-1a"),
                Instant.EPOCH, 2, NOW.minusSeconds(86400), null));
        store.states.put(A, NodeState.FAILED);

        handler.handleRequest(read("ownership-node-failed.json"), null);

        assertEquals(B, store.owners.get(new Subject.Vpc(VPC)).node());
    }

    @Test
    void malformed_isReportedWhileTheGoodRecordBesideItCounts() throws IOException {
        StreamsEventResponse response = handler.handleRequest(read("ownership-malformed.json"), null);

        assertEquals(List.of("400000000000000000004"), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(B, store.owners.get(new Subject.Client(CLIENT)).node());
    }
}
