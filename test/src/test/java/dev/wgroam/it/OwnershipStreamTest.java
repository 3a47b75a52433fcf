package dev.wgroam.it;

import dev.wgroam.local.stream.StreamTail;

import dev.wgroam.local.stream.LambdaStreamEvents;

import dev.wgroam.local.DynamoDbLocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.ownership.DynamoOwnershipStore;
import dev.wgroam.functions.ownership.OwnershipFunction;
import dev.wgroam.functions.ownership.OwnershipHandler;
import dev.wgroam.functions.ownership.SsmCommandSender;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;

/**
 * The ownership function against DynamoDB Local's real stream and moto's SSM: agents write
 * observations, the stream's records are turned into the Lambda event as the event source mapping
 * delivers it, the handler runs, and the owners and commands are read back from the emulators.
 */
class OwnershipStreamTest {

    static final Region EU = new Region("eu-west-1");
    static final Region US = new Region("us-east-1");
    static final NodeId A = new NodeId("node-a");
    static final NodeId C = new NodeId("node-c");
    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "203.0.113.100");

    final DynamoDbClient dynamoDb = DynamoDbLocal.shared().dynamoDb();
    final String table = DynamoDbLocal.shared().createTable("wg-roam").tableName();
    final String streamArn = dynamoDb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
    final StreamTail tail = new StreamTail(DynamoDbLocal.shared().streams(), streamArn);
    final SdkClients ssmClients = new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint());
    final String document = "wg-roam-" + UUID.randomUUID() + "-apply-routes";
    final String fleet = "fleet-" + UUID.randomUUID();
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    final Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    final OwnershipHandler handler;

    OwnershipStreamTest() {
        Telemetry telemetry = new Telemetry(new PrintStream(logs, true, StandardCharsets.UTF_8), Clock.systemUTC(),
                "ownership", "wg-roam");
        Function<Region, SsmClient> ssm = region -> ssmClients.build(SsmClient.builder(), region.name());
        handler = new OwnershipHandler(new OwnershipFunction(
                new DynamoOwnershipStore(dynamoDb, table, e -> telemetry.warn("malformed", Map.of("e", e.getMessage()))),
                new SsmCommandSender(new SsmCommandSender.Settings(document, "wg-roam:fleet", fleet, 60, "100%", "100%"), ssm),
                telemetry, Clock.systemUTC(), Duration.ofSeconds(5), RouteUpdate.DEFAULT_MAX_CHARS), table);
        put(FleetSettingsItem.toItem(SETTINGS, now));
        put(NodeApprovalItem.toItem(approval(A, EU, 1)));
        put(NodeApprovalItem.toItem(approval(C, US, 3)));
        for (int n = 1; n <= 5; n++) {
            put(RegisteredClientItem.toItem(new RegisteredClient(client(n), Cidr.parse("10.50.0." + n + "/32"),
                    new ClientName("client-" + n), now)));
        }
        deliver(tail.next());
    }

    static PeerKey client(int n) {
        byte[] key = new byte[32];
        key[0] = (byte) n;
        return PeerKey.of(key);
    }

    static NodeApproval approval(NodeId id, Region region, int n) {
        byte[] key = new byte[32];
        key[31] = (byte) n;
        return new NodeApproval(id, new NodeName("vpn-" + id), region, List.of(), PeerKey.of(key),
                Cidr.parse("10.99.0." + n + "/32"), false, "", Instant.EPOCH);
    }

    Observation seen(NodeId node, int client, long secondsAgo) {
        return new Observation(node, client(client), now.minusSeconds(secondsAgo), Endpoint.parse("198.51.100.7:51820"),
                10, 20, now);
    }

    void put(Map<String, AttributeValue> item) {
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    StreamsEventResponse deliver(List<Record> records) {
        return handler.handleRequest(LambdaStreamEvents.event(records, streamArn), null);
    }

    Owner owner(int client) {
        return OwnerItem.fromItem(dynamoDb.getItem(r -> r.tableName(table)
                .key(OwnerItem.key(new Subject.Client(client(client))))).item());
    }

    List<Command> commands(Region region) {
        return ssmClients.build(SsmClient.builder(), region.name()).listCommands().commands().stream()
                .filter(c -> c.documentName().equals(document))
                .filter(c -> !RouteUpdate.isReconcile(c.parameters().get(SsmCommandSender.ROUTES_PARAMETER).get(0)))
                .toList();
    }

    @Test
    void claimsAndARoam_writeVersionedOwnersAndOneCommandPerRegionPerBatch() {
        put(ObservationItem.toItem(seen(A, 1, 30)));
        put(ObservationItem.toItem(seen(A, 2, 30)));
        StreamsEventResponse first = deliver(tail.next());

        assertEquals(List.of(), first.getBatchItemFailures());
        assertEquals(A, owner(1).node());
        assertEquals(1, commands(EU).size());
        assertEquals(1, commands(US).size());
        assertEquals(List.of(new RouteEntry(Cidr.parse("10.50.0.1/32"), A, 1), new RouteEntry(Cidr.parse("10.50.0.2/32"), A, 1)),
                RouteUpdate.decode(commands(US).get(0).parameters().get("routes").get(0)));

        put(ObservationItem.toItem(seen(C, 1, 2)));
        deliver(tail.next());

        Owner roamed = owner(1);
        assertEquals(C, roamed.node());
        assertEquals(2, roamed.version());
        assertEquals(A, roamed.previousNode());
        assertEquals(2, commands(EU).size());
    }

    @Test
    void duplicatedAndReorderedBatches_leaveTheSameTableAndSendNothingMore() {
        put(ObservationItem.toItem(seen(A, 1, 100)));
        List<Record> batch1 = tail.next();
        put(ObservationItem.toItem(seen(C, 1, 5)));
        List<Record> batch2 = tail.next();

        deliver(batch2);
        deliver(batch1);
        Owner afterReordered = owner(1);
        int commandsAfterReordered = commands(EU).size();
        List<Record> replay = new ArrayList<>(batch1);
        replay.addAll(batch2);
        replay.addAll(batch1);
        deliver(replay);
        deliver(tail.next());

        assertEquals(C, afterReordered.node());
        assertEquals(afterReordered, owner(1));
        assertEquals(commandsAfterReordered, commands(EU).size());
    }

    /**
     * An item of no known kind is counted and skipped (no retry can mend it); an observation that does
     * not read is a node's word, refused and counted. Neither is retried, so neither holds up the shard.
     */
    @Test
    void malformedItems_areCountedAndSkipped_unreadableObservationsRefused_andTheRestIsProcessed() {
        Map<String, AttributeValue> missingClient = new HashMap<>(ObservationItem.toItem(seen(A, 3, 10)));
        missingClient.remove("client");
        Map<String, AttributeValue> wrongType = new HashMap<>(ObservationItem.toItem(seen(A, 4, 10)));
        wrongType.put("latestHandshake", AttributeValue.fromS("$(reboot)"));
        Map<String, AttributeValue> unknownKind = new HashMap<>(ObservationItem.toItem(seen(A, 5, 10)));
        unknownKind.put("kind", AttributeValue.fromS("gossip"));
        put(missingClient);
        put(ObservationItem.toItem(seen(A, 1, 10)));
        put(wrongType);
        put(unknownKind);
        List<Record> records = tail.next();

        StreamsEventResponse response = deliver(records);

        List<String> failed = response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
        assertEquals(List.of(), failed);
        assertEquals(A, owner(1).node());
        String log = logs.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("\"MalformedRecords\":1"), log);
        assertTrue(log.contains("\"Reason\":\"UNREADABLE_OBSERVATION\",\"RefusedClaims\":2"), log);
    }

    /**
     * The operator removes a client: its owner item goes, in one transaction that checks the client
     * item is still gone. A client registered again with the same key before the REMOVE is processed
     * keeps its owner.
     */
    @Test
    void removedClient_losesItsOwnerItem_unlessRegisteredAgainFirst() {
        put(ObservationItem.toItem(seen(A, 1, 10)));
        put(ObservationItem.toItem(seen(A, 2, 10)));
        deliver(tail.next());
        dynamoDb.deleteItem(r -> r.tableName(table).key(RegisteredClientItem.key(client(1))));
        dynamoDb.deleteItem(r -> r.tableName(table).key(RegisteredClientItem.key(client(2))));
        List<Record> removals = tail.next();
        put(RegisteredClientItem.toItem(new RegisteredClient(client(2), Cidr.parse("10.50.0.2/32"),
                new ClientName("client-2"), now)));

        StreamsEventResponse response = deliver(removals);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertTrue(dynamoDb.getItem(r -> r.tableName(table).key(OwnerItem.key(new Subject.Client(client(1))))
                .consistentRead(true)).item().isEmpty(), "the removed client's owner item is gone");
        assertEquals(A, owner(2).node(), "the client registered again keeps its owner");
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"ForgottenOwners\":1"), logs::toString);
    }
}
