package dev.wgroam.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.Region;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.functions.ownership.CommandSender;
import dev.wgroam.functions.ownership.DynamoOwnershipStore;
import dev.wgroam.functions.ownership.OwnershipFunction;
import dev.wgroam.functions.ownership.OwnershipHandler;
import dev.wgroam.functions.ownership.OwnershipStore;
import dev.wgroam.functions.ownership.SsmCommandSender;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.local.stream.LambdaStreamEvents;
import dev.wgroam.local.DynamoDbLocal;
import dev.wgroam.it.MotoServer;
import dev.wgroam.local.stream.StreamTail;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.cli.registry.ImportedClient;
import dev.wgroam.cli.registry.OperatorRegistry;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.Registry;
import java.util.Collection;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;

/**
 * Issue 4's burst: 1000 clients owned by one node roam to another; their 1000 claims reach the
 * ownership function as stream batches of 100 (DynamoDB Local's real stream, moto's SSM). Reports
 * SendCommand calls per batch, handler CPU per record (time outside the store and sender), and the
 * end-to-end time of the burst. Not part of the default test run; see docs/BENCHMARKS.md.
 */
class OwnershipBurstBenchmark {

    static final int CLIENTS = 1000;
    static final int BATCH = 100;
    static final Region EU = new Region("eu-west-1");
    static final Region US = new Region("us-east-1");
    static final NodeId FROM = new NodeId("node-from");
    static final NodeId TO = new NodeId("node-to");

    /** Times every call that leaves the process. */
    static final class TimedStore implements OwnershipStore {
        final OwnershipStore inner;
        final AtomicLong nanos = new AtomicLong();

        TimedStore(OwnershipStore inner) {
            this.inner = inner;
        }

        private <T> T timed(java.util.function.Supplier<T> call) {
            long start = System.nanoTime();
            try {
                return call.get();
            } finally {
                nanos.addAndGet(System.nanoTime() - start);
            }
        }

        @Override
        public Registry registry() {
            return timed(inner::registry);
        }

        @Override
        public List<Observation> observationsOf(PeerKey client, Collection<NodeId> nodes) {
            return timed(() -> inner.observationsOf(client, nodes));
        }

        @Override
        public Owner owner(Subject subject) {
            return timed(() -> inner.owner(subject));
        }

        @Override
        public WriteOutcome write(Owner next) {
            return timed(() -> inner.write(next));
        }

        @Override
        public ForgetOutcome forget(Owner current) {
            return timed(() -> inner.forget(current));
        }

        @Override
        public Map<NodeId, NodeState> states() {
            return timed(inner::states);
        }
    }

    static final class TimedSender implements CommandSender {
        final CommandSender inner;
        final AtomicLong nanos = new AtomicLong();
        final AtomicInteger calls = new AtomicInteger();

        TimedSender(CommandSender inner) {
            this.inner = inner;
        }

        @Override
        public Map<Region, Outcome> send(Set<Region> regions, List<String> payloads) {
            long start = System.nanoTime();
            calls.incrementAndGet();
            try {
                return inner.send(regions, payloads);
            } finally {
                nanos.addAndGet(System.nanoTime() - start);
            }
        }
    }

    static PeerKey client(int n) {
        byte[] key = new byte[32];
        key[0] = (byte) (n >> 8);
        key[1] = (byte) n;
        return PeerKey.of(key);
    }

    static Observation seen(NodeId node, int n, Instant handshake) {
        return new Observation(node, client(n), handshake, Endpoint.parse("198.51.100.7:51820"), 1, 2, handshake);
    }

    /** The fleet as its operator registers it: two nodes, one per region, and every client at 10.50.0.0 + 10 + n. */
    static void register(DynamoDbClient dynamoDb, String table) {
        OperatorRegistry operator = new OperatorRegistry(dynamoDb, table, Clock.systemUTC());
        operator.setFleet(new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/16"), "a1.awsglobalaccelerator.com"));
        int n = 0;
        for (NodeId node : List.of(FROM, TO)) {
            n++;
            byte[] key = new byte[32];
            key[2] = (byte) n;
            operator.approve(new NodeApproval(node, new NodeName("vpn-" + node), node.equals(TO) ? US : EU, List.of(),
                    PeerKey.of(key), Cidr.parse("10.99.0." + n + "/32"), false, "", Instant.now()));
        }
        operator.importClients(java.util.stream.IntStream.range(0, CLIENTS).mapToObj(c -> new ImportedClient(
                new ClientName("client-" + c), client(c), new Cidr((10 << 24) | (50 << 16) | (10 + c), 32))).toList());
    }

    static void writeAll(DynamoDbClient dynamoDb, String table, List<Observation> observations) {
        for (int i = 0; i < observations.size(); i += 25) {
            List<WriteRequest> writes = observations.subList(i, Math.min(i + 25, observations.size())).stream()
                    .map(o -> WriteRequest.builder().putRequest(p -> p.item(ObservationItem.toItem(o))).build()).toList();
            dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, writes)));
        }
    }

    @Test
    void burstOfRoams() {
        DynamoDbClient dynamoDb = DynamoDbLocal.shared().dynamoDb();
        String table = DynamoDbLocal.shared().createTable("wg-roam").tableName();
        String streamArn = dynamoDb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
        StreamTail tail = new StreamTail(DynamoDbLocal.shared().streams(), streamArn);
        SdkClients ssmClients = new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint());
        String document = "bench-" + UUID.randomUUID();
        Telemetry quiet = new Telemetry(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC(), "ownership", "wg-roam");
        TimedStore store = new TimedStore(new DynamoOwnershipStore(dynamoDb, table, e -> { }));
        TimedSender sender = new TimedSender(new SsmCommandSender(
                new SsmCommandSender.Settings(document, "wg-roam:fleet", "bench", 60, "100%", "100%"),
                region -> ssmClients.build(SsmClient.builder(), region.name())));
        OwnershipHandler handler = new OwnershipHandler(new OwnershipFunction(store, sender, quiet, Clock.systemUTC(),
                Duration.ofSeconds(5), RouteUpdate.DEFAULT_MAX_CHARS), table);

        register(dynamoDb, table);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        tail.next(); // the registry's own items
        writeAll(dynamoDb, table, java.util.stream.IntStream.range(0, CLIENTS).mapToObj(n -> seen(FROM, n, start)).toList());
        deliverInBatches(handler, events(tail.next(), streamArn));
        tail.next(); // the setup's own owner writes: not part of the burst
        long commandsBefore = commands(ssmClients, document);

        Instant roamed = start.plusSeconds(300);
        writeAll(dynamoDb, table, java.util.stream.IntStream.range(0, CLIENTS).mapToObj(n -> seen(TO, n, roamed)).toList());
        List<Record> burst = tail.next();
        store.nanos.set(0);
        sender.nanos.set(0);
        sender.calls.set(0);

        List<DynamodbEvent> events = events(burst, streamArn);
        long begin = System.nanoTime();
        int batches = deliverInBatches(handler, events);
        long total = System.nanoTime() - begin;

        long commands = commands(ssmClients, document) - commandsBefore;
        double cpuPerRecordMicros = (total - store.nanos.get() - sender.nanos.get()) / 1000.0 / burst.size();
        System.out.printf("BENCH ownership burst: roams=%d records=%d batches=%d sendCalls=%d sendCommandsInMoto(2 regions)=%d%n",
                CLIENTS, burst.size(), batches, sender.calls.get(), commands);
        System.out.printf("BENCH ownership burst: endToEnd=%.0f ms (store %.0f ms, sender %.0f ms), handlerCpuPerRecord=%.1f us%n",
                total / 1e6, store.nanos.get() / 1e6, sender.nanos.get() / 1e6, cpuPerRecordMicros);
        Owner last = OwnerCheck.owner(dynamoDb, table, client(CLIENTS - 1));
        if (!last.node().equals(TO)) {
            throw new AssertionError("the burst did not move the last client: " + last);
        }
    }

    /** The records as the event source mapping would batch them: at most {@value #BATCH} per event. */
    private static List<DynamodbEvent> events(List<Record> records, String streamArn) {
        List<DynamodbEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < records.size(); i += BATCH) {
            events.add(LambdaStreamEvents.event(records.subList(i, Math.min(i + BATCH, records.size())), streamArn));
        }
        return events;
    }

    private static int deliverInBatches(OwnershipHandler handler, List<DynamodbEvent> events) {
        for (DynamodbEvent event : events) {
            StreamsEventResponse response = handler.handleRequest(event, null);
            if (!response.getBatchItemFailures().isEmpty()) {
                throw new AssertionError("batch failures: " + response.getBatchItemFailures());
            }
        }
        return events.size();
    }

    private static long commands(SdkClients ssmClients, String document) {
        return List.of(EU, US).stream().mapToLong(region -> ssmClients.build(SsmClient.builder(), region.name())
                .listCommands().commands().stream().map(Command::documentName).filter(document::equals).count()).sum();
    }

    /** Reads one client's owner item. */
    static final class OwnerCheck {
        static Owner owner(DynamoDbClient dynamoDb, String table, PeerKey client) {
            return dev.wgroam.table.OwnerItem.fromItem(dynamoDb.getItem(r -> r.tableName(table)
                    .key(dev.wgroam.table.OwnerItem.key(new Subject.Client(client)))).item());
        }
    }
}
