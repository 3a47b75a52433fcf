package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.aws.table.TableLists;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.ownership.DynamoOwnershipStore;
import dev.wgroam.functions.ownership.OwnershipFunction;
import dev.wgroam.functions.ownership.OwnershipHandler;
import dev.wgroam.functions.ownership.SsmCommandSender;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.local.DynamoDbLocal;
import dev.wgroam.local.stream.LambdaStreamEvents;
import dev.wgroam.local.stream.StreamTail;
import dev.wgroam.ownership.ClaimScreen;
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
import dev.wgroam.table.MalformedItems;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Issue 13's attacks on the ownership function, by a node whose instance credentials are in an
 * attacker's hands, on real parts: the operator's registry written through the codecs into
 * DynamoDB Local, what the attacker can write put in the table, the table's own stream read and
 * delivered as the Lambda event to the real {@link OwnershipHandler}, route updates sent to moto's
 * SSM. Each attack shares its batch with a legitimate roam, and must be refused, counted by
 * reason in the EMF output, logged once for the batch, change no owner but the legitimate one,
 * and send no route for the victim.
 *
 * <p>The fleet: nodes A and B, an HA pair in eu-west-1, and X in us-east-1, all approved; U is an
 * instance nobody approved. The victim client V and the legitimate client L are registered and
 * both owned by B when each attack starts; in the attack's batch L roams to A.
 */
class ForgedClaimsStreamTest {

    static final Region EU = new Region("eu-west-1");
    static final Region US = new Region("us-east-1");
    static final NodeId A = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0aaaaaaaaaaaaaaa1");
    static final NodeId B = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0bbbbbbbbbbbbbbb2");
    /** The attacker's node: approved, so its credentials pass every IAM check a node's can. */
    static final NodeId X = new NodeId("arn:aws:ec2:us-east-1:123456789012:instance/i-0eeeeeeeeeeeeeee5");
    /** An instance of the account that no operator approved. */
    static final NodeId U = new NodeId("arn:aws:ec2:us-east-1:123456789012:instance/i-0fffffffffffffff6");
    static final Cidr EU_VPC = Cidr.parse("10.1.0.0/16");
    static final Cidr US_VPC = Cidr.parse("10.2.0.0/16");
    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "203.0.113.100");
    static final RegisteredClient VICTIM = client(1);
    static final RegisteredClient LEGIT = client(2);
    static final PeerKey UNREGISTERED = key(9);
    static final String NAMESPACE = "wg-roam-forged";
    /** The last second an item's epoch attribute may hold (TableSchema: year 9999). */
    static final Instant YEAR_9999 = Instant.parse("9999-12-31T23:59:59Z");

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final DynamoDbLocal local = DynamoDbLocal.shared();
    final OperationRecorder recorder = new OperationRecorder();
    /** The function's own client, recorded, so the test can count what the function read. */
    final DynamoDbClient functionDynamoDb = new SdkClients(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            DynamoDbLocal.ACCESS_KEY_ID, DynamoDbLocal.SECRET_ACCESS_KEY)), local.endpoint(), SdkClients.DEFAULT, List.of(recorder))
            .build(DynamoDbClient.builder(), EU.name());
    final DynamoDbClient dynamoDb = local.dynamoDb();
    final String table = local.createTable("forged").tableName();
    final String streamArn = dynamoDb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
    final StreamTail tail = new StreamTail(local.streams(), streamArn);
    final SdkClients ssmClients = new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint());
    final String document = "wg-roam-" + UUID.randomUUID() + "-apply-routes";
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    final OwnershipHandler handler;
    final Owner victimBefore;

    ForgedClaimsStreamTest() {
        Telemetry telemetry = new Telemetry(new PrintStream(logs, true, StandardCharsets.UTF_8), Clock.systemUTC(),
                "ownership", NAMESPACE);
        Function<Region, SsmClient> ssm = region -> ssmClients.build(SsmClient.builder(), region.name());
        handler = new OwnershipHandler(new OwnershipFunction(
                new DynamoOwnershipStore(functionDynamoDb, table, e -> telemetry.warn("malformed item skipped",
                        Map.of("error", e.getMessage()))),
                new SsmCommandSender(new SsmCommandSender.Settings(document, "wg-roam:fleet", "forged", 60, "100%", "100%"), ssm),
                telemetry, Clock.systemUTC(), Duration.ofSeconds(5), RouteUpdate.DEFAULT_MAX_CHARS), table);

        // What the operator wrote, as the CLI writes it: settings, approvals, clients with their claims.
        put(FleetSettingsItem.toItem(SETTINGS, now));
        put(NodeApprovalItem.toItem(approval(A, 1, true, List.of(EU_VPC))));
        put(NodeApprovalItem.toItem(approval(B, 2, false, List.of(EU_VPC))));
        put(NodeApprovalItem.toItem(approval(X, 3, true, List.of(US_VPC))));
        for (RegisteredClient c : List.of(VICTIM, LEGIT)) {
            put(RegisteredClientItem.toItem(c));
            put(RegisteredClientItem.claimItem(RegisteredClientItem.addressClaimKey(c.address()), c));
            put(RegisteredClientItem.claimItem(RegisteredClientItem.nameClaimKey(c.name()), c));
        }
        // B is where both clients are when the attack starts.
        put(ObservationItem.toItem(seen(B, VICTIM.key(), now.minusSeconds(60))));
        put(ObservationItem.toItem(seen(B, LEGIT.key(), now.minusSeconds(60))));
        assertEquals(List.of(), deliver(tail.next()).getBatchItemFailures());
        victimBefore = owner(VICTIM.key());
        assertEquals(B, victimBefore.node(), "the victim starts at B");
        assertEquals(B, owner(LEGIT.key()).node(), "the legitimate client starts at B");
        assertEquals(A, vpcOwner(EU_VPC).node(), "the primary owns its region's VPC");
        // The function's own owner writes come back on the stream; as the template's filter would, drop them.
        tail.next();
    }

    static PeerKey key(int n) {
        byte[] raw = new byte[32];
        raw[0] = (byte) n;
        raw[31] = 0x13;
        return PeerKey.of(raw);
    }

    static RegisteredClient client(int n) {
        return new RegisteredClient(key(n), Cidr.parse("10.50.0." + n + "/32"), new ClientName("client-" + n),
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    static NodeApproval approval(NodeId node, int n, boolean primary, List<Cidr> vpcCidrs) {
        Region region = new Region(NodeApproval.impliedBy(node).region());
        return new NodeApproval(node, new NodeName("vpn-" + node.shortForm()), region, vpcCidrs, key(100 + n),
                Cidr.parse("10.99.0." + n + "/32"), primary, NodeApproval.impliedBy(node).gaEndpointId(),
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    static Observation seen(NodeId node, PeerKey client, Instant handshake) {
        return new Observation(node, client, handshake, Endpoint.parse("198.51.100.7:51820"), 10, 20,
                handshake.isAfter(Instant.now()) ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : handshake);
    }

    void put(Map<String, AttributeValue> item) {
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    StreamsEventResponse deliver(List<Record> records) {
        return handler.handleRequest(LambdaStreamEvents.event(records, streamArn), null);
    }

    Owner owner(PeerKey client) {
        var item = dynamoDb.getItem(r -> r.tableName(table).key(OwnerItem.key(new Subject.Client(client)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : OwnerItem.fromItem(item);
    }

    Owner vpcOwner(Cidr prefix) {
        var item = dynamoDb.getItem(r -> r.tableName(table).key(OwnerItem.key(new Subject.Vpc(prefix)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : OwnerItem.fromItem(item);
    }

    /** Every owner, as an agent's reconcile reads the owners list; what does not decode is counted in {@code malformed}. */
    Map<Subject, Owner> owners(MalformedItems malformed) {
        return TableLists.read(dynamoDb, table, TableSchema.OWNERS, OwnerItem::fromItem, malformed).stream()
                .collect(Collectors.toMap(Owner::subject, o -> o));
    }

    /** Every route entry the fleet's nodes were sent, in every region. */
    List<RouteEntry> routesSent() {
        List<RouteEntry> routes = new ArrayList<>();
        for (Region region : List.of(EU, US)) {
            ssmClients.build(SsmClient.builder(), region.name()).listCommands().commands().stream()
                    .filter(c -> c.documentName().equals(document))
                    .forEach(c -> c.parameters().get(SsmCommandSender.ROUTES_PARAMETER)
                            .stream().filter(payload -> !RouteUpdate.isReconcile(payload))
                            .forEach(payload -> routes.addAll(RouteUpdate.decode(payload))));
        }
        return routes;
    }

    List<JsonNode> logLines() {
        return logs.toString(StandardCharsets.UTF_8).lines().map(line -> JsonNode.parser().parse(line)).toList();
    }

    /** The RefusedClaims counts of the batch's EMF lines, by their Reason dimension ("" for the total). */
    Map<String, Integer> refusedClaims() {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode line : logLines()) {
            if (line.field("_aws").isPresent() && line.field(OwnershipFunction.REFUSED_CLAIMS).isPresent()) {
                String reason = line.field(OwnershipFunction.REASON_DIMENSION).map(JsonNode::asString).orElse("");
                counts.merge(reason, Integer.parseInt(line.field(OwnershipFunction.REFUSED_CLAIMS).get().asNumber()),
                        Integer::sum);
            }
        }
        return counts;
    }

    /** Log lines that report refused claims: one per batch that refused any. */
    long refusalLogLines() {
        return logLines().stream().filter(line -> line.field("byReason").isPresent()).count();
    }

    /**
     * Writes what the attacker writes, then L's legitimate roam to A, and delivers the stream's new
     * records as one batch. The log holds this batch's lines only.
     */
    StreamsEventResponse attack(List<Map<String, AttributeValue>> forged) {
        forged.forEach(this::put);
        put(ObservationItem.toItem(seen(A, LEGIT.key(), now.minusSeconds(5))));
        List<Record> batch = tail.next();
        assertEquals(forged.size() + 1, batch.size(), "one record per write");
        logs.reset();
        recorder.requests.clear();
        return deliver(batch);
    }

    /** What every refused attack leaves: victim unchanged and not routed, L moved, one log line, the count by reason. */
    void assertRefused(StreamsEventResponse response, String reason, int count) {
        assertEquals(List.of(), response.getBatchItemFailures(), "a refused claim is skipped, never retried");
        assertEquals(victimBefore, owner(VICTIM.key()), "the victim's owner item is untouched");
        assertLegitimateRoamDecided();
        assertEquals(Map.of(reason, count, "", count), refusedClaims(), "RefusedClaims by Reason, and the total");
        assertEquals(1, refusalLogLines(), () -> "one refusal line for the batch:\n" + logs);
    }

    void assertLegitimateRoamDecided() {
        Owner legit = owner(LEGIT.key());
        assertEquals(A, legit.node(), "the legitimate roam in the same batch is decided");
        assertEquals(2, legit.version());
        assertEquals(B, legit.previousNode());
        List<RouteEntry> routes = routesSent();
        assertTrue(routes.contains(new RouteEntry(LEGIT.address(), A, 2)), () -> "sent: " + routes);
        assertTrue(routes.stream().noneMatch(r -> r.prefix().equals(VICTIM.address()) && r.version() > victimBefore.version()),
                () -> "a route for the victim was sent: " + routes);
        Set<Cidr> approvedPrefixes = Set.of(VICTIM.address(), LEGIT.address(), EU_VPC, US_VPC);
        assertTrue(routes.stream().allMatch(r -> approvedPrefixes.contains(r.prefix())),
                () -> "a prefix nobody approved was sent: " + routes);
    }

    @Test
    void observationFromAnUnapprovedNode_isRefused_andTheVictimStaysWithItsOwner() {
        StreamsEventResponse response = attack(List.of(ObservationItem.toItem(seen(U, VICTIM.key(), now.minusSeconds(1)))));

        assertRefused(response, ClaimScreen.Reason.UNAPPROVED_NODE.name(), 1);
    }

    @Test
    void observationOfAnUnregisteredKey_writesNoOwnerAtAll() {
        StreamsEventResponse response = attack(List.of(ObservationItem.toItem(seen(X, UNREGISTERED, now.minusSeconds(1)))));

        assertRefused(response, ClaimScreen.Reason.UNREGISTERED_CLIENT.name(), 1);
        assertNull(owner(UNREGISTERED), "no owner item for a key nobody registered");
    }

    @Test
    void handshakeInTheYear9999_isRefused_andTheStoredItemCannotHoldTheClientLater() {
        StreamsEventResponse response = attack(List.of(ObservationItem.toItem(seen(X, VICTIM.key(), YEAR_9999))));

        assertRefused(response, ClaimScreen.Reason.FUTURE_HANDSHAKE.name(), 1);

        // The forged item stays in X's partition; the victim's next real roam reads it by key and still moves.
        put(ObservationItem.toItem(seen(A, VICTIM.key(), now.minusSeconds(2))));
        logs.reset();
        assertEquals(List.of(), deliver(tail.next()).getBatchItemFailures());
        Owner roamed = owner(VICTIM.key());
        assertEquals(A, roamed.node(), "a real roam wins over a stored handshake in the year 9999");
        assertEquals(victimBefore.version() + 1, roamed.version());
        assertEquals(Map.of(ClaimScreen.Reason.FUTURE_HANDSHAKE.name(), 1, "", 1), refusedClaims(),
                "the stored item is refused again when read");
    }

    @Test
    void handshakeInTheYear9999_whileTheAttackerIsFailed_isRefused() {
        put(NodeStatusItem.toItem(new NodeStatus(X, new NodeName("vpn-" + X.shortForm()), US, NodeState.FAILED,
                "alarm wg-roam/forged/heartbeat/" + X, now.minusSeconds(30), 128, 0)));
        assertEquals(List.of(), deliver(tail.next()).getBatchItemFailures());
        tail.next();

        StreamsEventResponse response = attack(List.of(ObservationItem.toItem(seen(X, VICTIM.key(), YEAR_9999))));

        assertRefused(response, ClaimScreen.Reason.FUTURE_HANDSHAKE.name(), 1);
    }

    /**
     * On AWS the node role cannot write a list key at all (dynamodb:Attributes, see
     * ForgedPermissionsTest); DynamoDB Local enforces no IAM, so here the item does land, and in
     * the index. Every reader still refuses it: the function as an unreadable observation (skipped,
     * not retried, so it cannot hold up the shard), the owners list's readers as malformed.
     */
    @Test
    void observationCarryingAListKey_isRefusedAsUnreadable_andNoReaderTakesItForAnOwner() {
        Map<String, AttributeValue> listed = new HashMap<>(ObservationItem.toItem(seen(X, VICTIM.key(), now.minusSeconds(1))));
        listed.put(TableSchema.LIST_KEY, AttributeValue.fromS(TableSchema.OWNERS));
        listed.put(TableSchema.LIST_SORT, AttributeValue.fromS("client#" + VICTIM.key().base64()));

        StreamsEventResponse response = attack(List.of(listed));

        assertRefused(response, "UNREADABLE_OBSERVATION", 1);
        MalformedItems malformed = new MalformedItems();
        Map<Subject, Owner> owners = owners(malformed);
        assertEquals(victimBefore, owners.get(new Subject.Client(VICTIM.key())));
        assertEquals(1, malformed.count(), "the forged item is skipped by the owners list's readers");
    }

    /**
     * A node record can no longer say what a node may route, but an attacker can still write the
     * old attributes, or any: VPC prefixes including 0.0.0.0/0, another region, another node's
     * accelerator endpoint, primary. The function ignores node records whole: nothing is decided,
     * written, sent or even counted for them.
     */
    @Test
    void nodeRecordClaimingPrefixesRegionAndAnotherNodesEndpoint_changesNothing() {
        MalformedItems none = new MalformedItems();
        Map<Subject, Owner> before = owners(none);
        NodeRecord record = new NodeRecord(X, key(103), Cidr.parse("10.99.0.3/32"), Endpoint.parse("203.0.113.3:51820"),
                now, "0.1.0", dev.wgroam.fleet.AppliedRoutes.NONE);
        Map<String, AttributeValue> forged = new HashMap<>(NodeRecordItem.toItem(record));
        forged.put("vpcPrefixes", AttributeValue.fromL(List.of(AttributeValue.fromS("0.0.0.0/0"), AttributeValue.fromS(EU_VPC.toString()))));
        forged.put("region", AttributeValue.fromS(EU.name()));
        forged.put("gaEndpointId", AttributeValue.fromS(A.shortForm()));
        forged.put("primary", AttributeValue.fromBool(true));
        forged.put("nodeName", AttributeValue.fromS("vpn-" + A.shortForm()));

        StreamsEventResponse response = attack(List.of(forged));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertLegitimateRoamDecided();
        Map<Subject, Owner> after = owners(none);
        Owner legit = after.remove(new Subject.Client(LEGIT.key()));
        before.remove(new Subject.Client(LEGIT.key()));
        assertEquals(before, after, "no owner but the legitimate roam's changed, and none was added");
        assertEquals(A, legit.node());
        assertNull(vpcOwner(Cidr.parse("0.0.0.0/0")));
        assertEquals(A, vpcOwner(EU_VPC).node(), "the VPC stays with its approved primary");
        assertEquals(Map.of("", 0), refusedClaims(), "a node record is no claim: nothing to refuse");
        assertEquals(0, none.count());
    }

    /**
     * 16,000 junk items of about 1 KB in the attacker's own partition, each claiming to be an
     * observation in the owners list. Delivered as the event source mapping would (100 records a
     * batch), each is refused and counted, one log line a batch, and none is retried. Then the
     * function's reads for a batch do not grow with the junk: one BatchGetItem per decided client,
     * one exact key per approved node, and no Query that touches the attacker's partition. The
     * owners list as an agent reads it gives the real owners and keeps a count of the junk, not the junk.
     */
    @Test
    void sixteenThousandJunkItemsInTheAttackersPartition_costNoOneElseARead() {
        int junk = 16_000;
        String padding = "j".repeat(1_000);
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < junk; i++) {
            Map<String, AttributeValue> item = Map.of(
                    TableSchema.PARTITION_KEY, AttributeValue.fromS("node#" + X),
                    TableSchema.SORT_KEY, AttributeValue.fromS("observation#junk-" + i),
                    TableSchema.KIND, AttributeValue.fromS("observation"),
                    TableSchema.LIST_KEY, AttributeValue.fromS(TableSchema.OWNERS),
                    TableSchema.LIST_SORT, AttributeValue.fromS("client#junk-" + i),
                    "padding", AttributeValue.fromS(padding));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        for (int from = 0; from < writes.size(); from += 25) {
            List<WriteRequest> chunk = writes.subList(from, from + 25);
            var unprocessed = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, chunk))).unprocessedItems();
            assertTrue(unprocessed.isEmpty(), "DynamoDB Local left items unprocessed");
        }
        List<Record> junkRecords = tail.next();
        assertEquals(junk, junkRecords.size());
        logs.reset();
        for (int from = 0; from < junkRecords.size(); from += 100) {
            StreamsEventResponse response = deliver(junkRecords.subList(from, from + 100));
            assertEquals(List.of(), response.getBatchItemFailures(), "junk is skipped, never retried");
        }
        assertEquals(Map.of("UNREADABLE_OBSERVATION", junk, "", junk), refusedClaims());
        assertEquals(junk / 100, refusalLogLines(), "one refusal line per batch, not per item");

        // An older report of the victim by X beside L's roam: two clients decided, neither taken by X.
        StreamsEventResponse response = attack(List.of(ObservationItem.toItem(seen(X, VICTIM.key(), now.minusSeconds(120)))));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(victimBefore, owner(VICTIM.key()));
        assertLegitimateRoamDecided();
        List<NodeId> approved = List.of(A, B, X);
        List<BatchGetItemRequest> batchGets = recorder.requestsOf(BatchGetItemRequest.class);
        assertEquals(2, batchGets.size(), "one BatchGetItem per decided client: " + batchGets);
        Set<Set<Map<String, AttributeValue>>> keySets = batchGets.stream()
                .map(r -> Set.copyOf(r.requestItems().get(table).keys())).collect(Collectors.toSet());
        assertEquals(Set.of(
                approved.stream().map(n -> ObservationItem.key(n, VICTIM.key())).collect(Collectors.toSet()),
                approved.stream().map(n -> ObservationItem.key(n, LEGIT.key())).collect(Collectors.toSet())), keySets,
                "exactly one key per approved node and client");
        for (QueryRequest query : recorder.requestsOf(QueryRequest.class)) {
            assertEquals(TableSchema.LIST_INDEX, query.indexName(), "no query of the base table: " + query);
            assertFalse(query.toString().contains("node#"), "no query touches a node's partition: " + query);
        }
        for (GetItemRequest get : recorder.requestsOf(GetItemRequest.class)) {
            assertFalse(get.key().get(TableSchema.PARTITION_KEY).s().startsWith("node#"), get.toString());
        }

        MalformedItems malformed = new MalformedItems();
        Map<Subject, Owner> owners = owners(malformed);
        assertEquals(Set.of(new Subject.Client(VICTIM.key()), new Subject.Client(LEGIT.key()), new Subject.Vpc(EU_VPC),
                new Subject.Vpc(US_VPC)), new HashSet<>(owners.keySet()), "the owners list gives the real owners only");
        assertEquals(junk, malformed.count());
        assertEquals(MalformedItems.KEPT, malformed.first().size(), "a count and the first few, not the junk");
    }
}
