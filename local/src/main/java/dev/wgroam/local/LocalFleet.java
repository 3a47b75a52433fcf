package dev.wgroam.local;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.wgroam.agent.Agent;
import dev.wgroam.agent.AgentLog;
import dev.wgroam.agent.aws.AwsClients;
import dev.wgroam.agent.config.AgentConfig;
import dev.wgroam.agent.config.ConfigParser;
import dev.wgroam.agent.health.HealthPort;
import dev.wgroam.agent.routes.HostRouteKeeper;
import dev.wgroam.agent.routes.LinuxHost;
import dev.wgroam.agent.table.DynamoAgentTable;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.functions.aws.FunctionClients;
import dev.wgroam.functions.ownership.DynamoOwnershipStore;
import dev.wgroam.functions.ownership.OwnershipFunction;
import dev.wgroam.functions.ownership.OwnershipHandler;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.Network;
import dev.wgroam.local.network.NodeHost;
import dev.wgroam.local.network.NodeSpec;
import dev.wgroam.local.stream.LambdaStreamEvents;
import dev.wgroam.local.stream.StreamPoller;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.table.OwnerItem;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole system on one machine: DynamoDB Local with the project's table, the ownership function
 * in-process fed by a stream poller as the event source mapping would feed it, a local transport in
 * place of SSM, and one real node agent per node on the given network. Nothing reaches AWS.
 */
public final class LocalFleet implements AutoCloseable {

    private final List<NodeSpec> nodes;
    private final List<ClientSpec> clients;
    private final Network network;
    private final Clock clock;
    private final Duration reconcileInterval;
    private final PrintStream log;
    private final Path runDir;
    private final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    private final String table;
    private final LocalTransport transport = new LocalTransport(Math::random);
    private final StreamPoller poller;
    private final Map<String, Agent> agents = new ConcurrentHashMap<>();
    private final Map<String, AwsClients> agentClients = new ConcurrentHashMap<>();

    public LocalFleet(List<NodeSpec> nodes, List<ClientSpec> clients, Network network, Clock clock,
                      Duration reconcileInterval, PrintStream log) {
        this.nodes = List.copyOf(nodes);
        this.clients = List.copyOf(clients);
        this.network = network;
        this.clock = clock;
        this.reconcileInterval = reconcileInterval;
        this.log = log;
        try {
            this.runDir = Files.createTempDirectory("wg-roam-local-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.table = dynamo.createTable("local").tableName();
        String streamArn = dynamo.dynamoDb().describeTable(r -> r.tableName(table)).table().latestStreamArn();
        OwnershipHandler handler = new OwnershipHandler(new OwnershipFunction(
                new DynamoOwnershipStore(functionDynamoDb(), table, e -> log.println("malformed item: " + e.getMessage())),
                transport, new Telemetry(log, clock, "ownership", "wg-roam"), clock,
                dev.wgroam.ownership.ClientOwnership.DEFAULT_SKEW_MARGIN, RouteUpdate.DEFAULT_MAX_CHARS));
        this.poller = new StreamPoller(dynamo.streams(), streamArn,
                records -> handler.handleRequest(LambdaStreamEvents.event(records, streamArn), null),
                message -> log.println("stream: " + message));
    }

    private DynamoDbClient functionDynamoDb() {
        return new FunctionClients(credentials(), dynamo.endpoint()).build(DynamoDbClient.builder(), "eu-west-1");
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(DynamoDbLocal.ACCESS_KEY_ID, DynamoDbLocal.SECRET_ACCESS_KEY));
    }

    public void start() {
        poller.start();
        nodes.forEach(this::startAgent);
    }

    /** Starts (or restarts) the agent of one node, as systemd would. */
    public synchronized void startAgent(NodeSpec node) {
        if (agents.containsKey(node.name())) {
            return;
        }
        NodeHost host = network.host(node);
        Path socket = runDir.resolve(node.name() + ".sock");
        Map<String, String> raw = new HashMap<>();
        raw.put("node.id", node.id().value());
        raw.put("node.name", "vpn-" + node.name());
        raw.put("region", node.region().name());
        raw.put("table", table);
        raw.put("clients.interface", host.interfaces().clients().value());
        raw.put("backbone.interface", host.interfaces().backbone().value());
        raw.put("backbone.address", node.backboneAddress().toString());
        raw.put("backbone.endpoint", host.backboneEndpoint().toString());
        raw.put("vpc.prefixes", node.vpc().toString());
        raw.put("vpc.primary", "true");
        raw.put("reconcile.interval", reconcileInterval.toMillis() + "ms");
        raw.put("control.socket", socket.toString());
        raw.put("dynamodb.endpoint", dynamo.endpoint().toString());
        AgentConfig config = ConfigParser.parse(raw);
        AwsClients aws = new AwsClients(config, credentials());
        Agent agent = new Agent(new Agent.Parts(config, clock, new AgentLog(log, clock), new WireGuard(host.runner()),
                new DynamoAgentTable(aws.dynamoDb(), table),
                new HostRouteKeeper(config.nodeId(), config.vpcPrefixes(), host.interfaces(),
                        new LinuxHost(host.runner(), host.interfaces())),
                (now, applyFailures) -> { }, host.links(),
                new HealthPort(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))));
        agent.start();
        agents.put(node.name(), agent);
        agentClients.put(node.name(), aws);
        transport.register(node.region(), socket);
    }

    /** Stops one node's agent, as a crash or `systemctl stop` would; its routes stay as they were. */
    public synchronized void stopAgent(NodeSpec node) {
        Agent agent = agents.remove(node.name());
        if (agent != null) {
            transport.unregister(node.region(), runDir.resolve(node.name() + ".sock"));
            agent.close();
            agentClients.remove(node.name()).close();
        }
    }

    public boolean agentRunning(NodeSpec node) {
        return agents.containsKey(node.name());
    }

    /** The command that shows this fleet with the operator CLI. */
    public String statusCommand() {
        return "./wg-roam status --endpoint " + dynamo.endpoint() + " --table " + table;
    }

    public Network network() {
        return network;
    }

    public LocalTransport transport() {
        return transport;
    }

    public StreamPoller poller() {
        return poller;
    }

    public List<NodeSpec> nodes() {
        return nodes;
    }

    public List<ClientSpec> clients() {
        return clients;
    }

    public NodeSpec node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + "; nodes: "
                        + nodes.stream().map(NodeSpec::name).toList()));
    }

    public ClientSpec client(String name) {
        return clients.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no client " + name + "; clients: "
                        + clients.stream().map(ClientSpec::name).toList()));
    }

    /** The client's owner item, or null. */
    public Owner owner(ClientSpec client) {
        var item = dynamo.dynamoDb().getItem(r -> r.tableName(table)
                .key(OwnerItem.key(new Subject.Client(network.clientKey(client))))).item();
        return item == null || item.isEmpty() ? null : OwnerItem.fromItem(item);
    }

    /** The running agent of a node, or null while it is stopped. */
    public Agent agent(NodeSpec node) {
        return agents.get(node.name());
    }

    /** Whether the VPC host behind every node reaches the client. */
    public boolean converged(ClientSpec client) {
        return nodes.parallelStream().allMatch(n -> network.reaches(n, client));
    }

    @Override
    public void close() {
        poller.close();
        List.copyOf(agents.keySet()).forEach(name -> stopAgent(node(name)));
        network.close();
        try {
            dynamo.deleteTable(table);
        } catch (RuntimeException e) {
            // At JVM exit the emulator may be stopping already; its tables live in memory only.
        }
    }
}
