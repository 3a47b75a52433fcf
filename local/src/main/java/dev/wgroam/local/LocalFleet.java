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
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.agent.table.DynamoAgentTable;
import dev.wgroam.agent.watchdog.TunnelProbe;
import dev.wgroam.agent.watchdog.Watchdog;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.cli.onboarding.Onboarding;
import dev.wgroam.cli.onboarding.Onboarding.Onboarded;
import dev.wgroam.cli.registry.OperatorRegistry;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.wireguard.PeerKey;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.aws.accelerator.EndpointWeight;
import dev.wgroam.aws.accelerator.GlobalAcceleratorWeights;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.functions.failover.Alarms;
import dev.wgroam.functions.failover.DynamoFailoverStore;
import dev.wgroam.functions.failover.FailoverFunction;
import dev.wgroam.functions.failover.FailoverPlan;
import dev.wgroam.functions.failover.RouteTables;
import dev.wgroam.functions.ownership.DynamoOwnershipStore;
import dev.wgroam.functions.ownership.OwnershipFunction;
import dev.wgroam.functions.ownership.OwnershipHandler;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.fleet.Region;
import dev.wgroam.local.accelerator.Accelerator;
import dev.wgroam.local.accelerator.AcceleratorApi;
import dev.wgroam.local.accelerator.ClientLocation;
import dev.wgroam.local.accelerator.EdgeRules;
import dev.wgroam.local.accelerator.EndpointGroupState;
import dev.wgroam.local.accelerator.HealthCheckSettings;
import dev.wgroam.local.accelerator.HealthChecks;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.Edge;
import dev.wgroam.local.network.Network;
import dev.wgroam.local.network.NodeHost;
import dev.wgroam.local.network.NodeSpec;
import dev.wgroam.local.stream.LambdaStreamEvents;
import dev.wgroam.local.stream.StreamPoller;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.table.NodeStatusItem;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.globalaccelerator.GlobalAcceleratorClient;

/**
 * The whole system on one machine: DynamoDB Local with the project's table, the ownership function
 * in-process fed by a stream poller as the event source mapping would feed it, a local transport in
 * place of SSM, and one real node agent per node on the given network. Nothing reaches AWS.
 */
public final class LocalFleet implements AutoCloseable {

    private final List<NodeSpec> nodes;
    private final List<ClientSpec> initialClients;
    /** The clients up now: the initial ones once started, then as added and removed. */
    private final List<ClientSpec> clients = new CopyOnWriteArrayList<>();
    /** The clients the accelerator steers: those up and those being brought up. */
    private final List<ClientSpec> steered = new CopyOnWriteArrayList<>();
    /** The numbers of the clients up or being brought up; guarded by itself. */
    private final Set<Integer> numbers = new HashSet<>();
    private final Network network;
    private final Clock clock;
    private final Duration reconcileInterval;
    private final PrintStream log;
    private final Path runDir;
    private final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    private final String table;
    private final LocalTransport transport = new LocalTransport(Math::random);
    private final StreamPoller poller;
    private final Map<String, RunningAgent> agents = new ConcurrentHashMap<>();
    private final HealthCheckSettings healthChecks;
    private Accelerator accelerator;
    private AcceleratorApi acceleratorApi;
    private HealthChecks healthChecker;
    private GlobalAcceleratorClient acceleratorClient;
    private GlobalAcceleratorWeights acceleratorWeights;
    private final Map<String, Thread> watchdogs = new ConcurrentHashMap<>();
    /** The operator's side, through the CLI's own code. */
    private final DynamoDbClient operatorDynamoDb;
    private final OperatorRegistry operator;
    private final Onboarding onboarding;

    /** A started agent with what it was given that the fleet must close or look at. */
    private record RunningAgent(Agent agent, AwsClients aws, HealthPort healthPort) {
    }

    /** How long a client's watchdog waits without a probe reply or handshake before it rebinds. */
    public static final Duration WATCHDOG_DEAD_AFTER = Duration.ofSeconds(3);

    /**
     * @param clients      registered at start as {@code client add} registers one, and brought up from the config it prints
     * @param healthChecks the accelerator stand-in's health checks, where the network has an edge
     */
    public LocalFleet(List<NodeSpec> nodes, List<ClientSpec> clients, Network network, Clock clock,
                      Duration reconcileInterval, HealthCheckSettings healthChecks, PrintStream log) {
        this.nodes = List.copyOf(nodes);
        this.healthChecks = healthChecks;
        this.initialClients = List.copyOf(clients);
        this.network = network;
        this.clock = clock;
        this.reconcileInterval = reconcileInterval;
        this.log = log;
        try {
            this.runDir = Files.createTempDirectory("wg-roam-local-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.operatorDynamoDb = functionDynamoDb();
        var created = dynamo.createTable("local");
        this.table = created.tableName();
        String streamArn = created.latestStreamArn();
        OwnershipHandler handler = new OwnershipHandler(new OwnershipFunction(
                new DynamoOwnershipStore(functionDynamoDb(), table, e -> log.println("malformed item: " + e.getMessage())),
                transport, new Telemetry(log, clock, "ownership", "wg-roam"), clock,
                dev.wgroam.ownership.ClientOwnership.DEFAULT_SKEW_MARGIN, RouteUpdate.DEFAULT_MAX_CHARS), table);
        this.operator = new OperatorRegistry(operatorDynamoDb, table, clock);
        this.onboarding = new Onboarding(operator);
        this.poller = new StreamPoller(dynamo.streams(), streamArn,
                records -> handler.handleRequest(LambdaStreamEvents.event(records, streamArn), null),
                message -> log.println("stream: " + message));
    }

    private DynamoDbClient functionDynamoDb() {
        return new SdkClients(credentials(), dynamo.endpoint()).build(DynamoDbClient.builder(), "eu-west-1");
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(DynamoDbLocal.ACCESS_KEY_ID, DynamoDbLocal.SECRET_ACCESS_KEY));
    }

    /** Registers the fleet, starts the agents and the accelerator, then adds the initial clients. */
    public void start() {
        poller.start();
        register();
        nodes.forEach(this::startAgent);
        network.edge().ifPresent(this::startAccelerator);
        initialClients.forEach(this::onboard);
    }

    /**
     * What an operator does before the fleet routes anything, through the CLI's own code: the fleet
     * settings (with the key the nodes' clients interfaces share), every node approved for its VPC
     * with the backbone key its interface has (as {@code node approve} pins the key the node reports).
     */
    private void register() {
        String accelerator = network.edge().map(edge -> edge.listener().address()).orElse("127.0.0.1");
        operator.setFleet(new FleetSettings(CLIENT_CIDR, BACKBONE_RANGE, accelerator, network.clientsKey(),
                FleetSettings.DEFAULT_CLIENT_PORT));
        for (NodeSpec node : nodes) {
            NodeHost host = network.host(node);
            PeerKey backboneKey = new WireGuard(host.runner()).dump(host.interfaces().backbone()).publicKey();
            operator.approve(new NodeApproval(node.id(), nodeName(node), node.region(), List.of(node.vpc()), backboneKey,
                    node.backboneAddress(), node.primary(), endpointId(node), clock.instant()));
        }
    }

    /**
     * {@code client add NAME}: registers the client as the CLI does (key pair made here, lowest free
     * address) and brings up a new client from exactly the config printed for it, at the lowest
     * free client number. Not connected yet: {@link #connectThroughAccelerator} or a roam does that.
     */
    public Onboarded addClient(String name) {
        return addClients(List.of(name)).get(0);
    }

    /**
     * {@code client add} for each name, one after another as an operator's script would (a burst of
     * registry writes), then every client brought up from its config, a few at a time.
     */
    public List<Onboarded> addClients(List<String> names) {
        List<ClientSpec> specs = names.stream().map(name -> new ClientSpec(name, reserveNumber())).toList();
        List<Onboarded> done = new ArrayList<>();
        try {
            for (ClientSpec client : specs) {
                done.add(onboarding.add(new ClientName(client.name()), Optional.empty(), true));
            }
            try (ExecutorService bringUps = Executors.newFixedThreadPool(BRING_UPS_AT_ONCE)) {
                List<Future<?>> up = new ArrayList<>();
                for (int i = 0; i < specs.size(); i++) {
                    ClientSpec client = specs.get(i);
                    Onboarded onboarded = done.get(i);
                    up.add(bringUps.submit(() -> bringUp(client, onboarded.client().key(), onboarded.config())));
                }
                for (Future<?> f : up) {
                    f.get();
                }
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while bringing clients up", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            specs.stream().filter(c -> !clients.contains(c)).forEach(this::releaseNumber);
        }
    }

    /** Namespaces are made with dozens of commands each; a few at once use both cores without starving the agents. */
    private static final int BRING_UPS_AT_ONCE = 3;

    /**
     * A client of a seed-style fleet, for the migration: brought up from its own config and
     * registered nowhere (the nodes' clients interfaces have it as a peer by hand, from clients.conf).
     */
    public ClientSpec addHandKeptClient(String name, PeerKey key, String wgQuickConfig) {
        ClientSpec client = new ClientSpec(name, reserveNumber());
        try {
            bringUp(client, key, wgQuickConfig);
            return client;
        } catch (RuntimeException e) {
            releaseNumber(client);
            throw e;
        }
    }

    /** The lowest client number neither up nor being brought up. */
    private int reserveNumber() {
        synchronized (numbers) {
            int number = 1;
            while (numbers.contains(number)) {
                number++;
            }
            numbers.add(number);
            return number;
        }
    }

    private void releaseNumber(ClientSpec client) {
        synchronized (numbers) {
            numbers.remove(client.number());
        }
    }

    private void onboard(ClientSpec client) {
        synchronized (numbers) {
            numbers.add(client.number());
        }
        Onboarded done = onboarding.add(new ClientName(client.name()), Optional.empty(), true);
        bringUp(client, done.client().key(), done.config());
    }

    /**
     * Lets the accelerator steer the client, then brings it up from its config. In that order: a
     * tunnel with a keepalive sends at once, and a first packet the edge does not steer makes a
     * conntrack flow that stays unsteered for as long as the client keeps sending.
     */
    private void bringUp(ClientSpec client, PeerKey key, String wgQuickConfig) {
        steered.add(client);
        accelerator().ifPresent(Accelerator::refresh);
        try {
            network.addClient(client, key, wgQuickConfig);
        } catch (RuntimeException e) {
            steered.remove(client);
            throw e;
        }
        clients.add(client);
    }

    /** {@code client rotate NAME}: a new key pair made here, the same address; the client takes the new config. */
    public Onboarded rotateClient(ClientSpec client) {
        Onboarded done = onboarding.rotate(new ClientName(client.name()), Optional.empty());
        network.reconfigure(client, done.client().key(), done.config());
        return done;
    }

    /** {@code client remove NAME}: deregisters the client, then tears it down. */
    public void removeClient(ClientSpec client) {
        operator.removeClient(new ClientName(client.name()));
        tearDown(client);
    }

    /** The client's machine goes (watchdog, namespace); the registry stays as it is. */
    public void tearDown(ClientSpec client) {
        stopWatchdog(client);
        clients.remove(client);
        network.removeClient(client);
        releaseNumber(client);
        steered.remove(client);
        accelerator().ifPresent(Accelerator::refresh);
    }

    /** The operator's registry, as the CLI writes it. */
    public OperatorRegistry operator() {
        return operator;
    }

    /** Where local clients' tunnel addresses come from (the registry allocates them). */
    public static final Cidr CLIENT_CIDR = Cidr.parse("10.50.0.0/16");
    /** Where local nodes' backbone addresses come from ({@link NodeSpec#backboneAddress()}). */
    public static final Cidr BACKBONE_RANGE = Cidr.parse("10.99.0.0/16");

    static NodeName nodeName(NodeSpec node) {
        return new NodeName("vpn-" + node.name());
    }

    /** The node's Global Accelerator endpoint id: its instance id, as on AWS. */
    public static String endpointId(NodeSpec node) {
        return node.instanceId();
    }

    /** The stand-in's endpoint group ARN for a region. */
    public static String endpointGroupArn(Region region) {
        return "arn:aws:globalaccelerator::000000000000:accelerator/local/listener/udp/endpoint-group/" + region.name();
    }

    /**
     * The accelerator stand-in: one endpoint group per node region, every node at the default weight,
     * GA's API on loopback, health checks against the agents' health ports; every change rewrites
     * the edge's rules.
     */
    private void startAccelerator(Edge edge) {
        Map<String, String> addresses = new LinkedHashMap<>();
        Map<String, Supplier<InetSocketAddress>> targets = new LinkedHashMap<>();
        for (NodeSpec node : nodes) {
            addresses.put(endpointId(node), node.underlayAddress());
            targets.put(endpointId(node), () -> healthTarget(node));
        }
        // The clients of the moment: adding or removing one refreshes the accelerator.
        Supplier<List<ClientLocation>> locations = () -> steered.stream()
                .map(c -> new ClientLocation(c.internetAddress(), DefaultFleet.nearestRegions(c))).toList();
        accelerator = new Accelerator(addresses,
                groups -> edge.apply(EdgeRules.ruleset(groups, locations.get(), edge.listener())));
        nodes.stream().map(NodeSpec::region).distinct().forEach(region -> accelerator.addGroup(endpointGroupArn(region),
                region, nodes.stream().filter(n -> n.region().equals(region)).map(LocalFleet::endpointId).toList()));
        acceleratorApi = new AcceleratorApi(accelerator);
        acceleratorClient = new SdkClients(credentials(), acceleratorApi.endpoint())
                .build(GlobalAcceleratorClient.builder(), GlobalAcceleratorWeights.API_REGION);
        acceleratorWeights = new GlobalAcceleratorWeights(acceleratorClient, 3, Duration.ofMillis(100), Thread::sleep);
        healthChecker = new HealthChecks(accelerator, targets, healthChecks.interval(), healthChecks.threshold());
    }

    private InetSocketAddress healthTarget(NodeSpec node) {
        RunningAgent running = agents.get(node.name());
        return running == null || !running.healthPort().isOpen() ? null
                : new InetSocketAddress(InetAddress.getLoopbackAddress(), running.healthPort().localPort());
    }

    /**
     * The real failover function of one node region, in-process on this fleet's table: Global
     * Accelerator weights through the SDK against the stand-in, the given alarms and route tables
     * (on AWS: CloudWatch and EC2). Its status items reach the ownership function through the stream.
     */
    public FailoverFunction failoverFunction(Region region, Alarms alarms, RouteTables routeTables, FailoverPlan plan) {
        if (acceleratorWeights == null) {
            throw new IllegalStateException("no accelerator: " + network.kind() + " has no edge");
        }
        return new FailoverFunction(region,
                new DynamoFailoverStore(functionDynamoDb(), table, e -> log.println("malformed item: " + e.getMessage())),
                acceleratorWeights.group(endpointGroupArn(region)), alarms, routeTables, CLIENT_CIDR, plan,
                new Telemetry(log, clock, "failover", "wg-roam"), clock);
    }

    /** The stand-in accelerator, where the network has an edge. */
    public Optional<Accelerator> accelerator() {
        return Optional.ofNullable(accelerator);
    }

    /**
     * Sets a node's weight the way the failover function does: read the group, send it whole with
     * this one weight changed, through the SDK's Global Accelerator client against the stand-in.
     */
    public void setWeight(NodeSpec node, int weight) {
        if (acceleratorWeights == null) {
            throw new IllegalStateException("no accelerator: " + network.kind() + " has no edge");
        }
        String arn = endpointGroupArn(node.region());
        acceleratorWeights.update(arn, acceleratorWeights.describe(arn).stream()
                .map(e -> e.endpointId().equals(endpointId(node))
                        ? new EndpointWeight(e.endpointId(), weight, e.clientIpPreservation()) : e)
                .toList());
    }

    /**
     * The client sends through the accelerator from now on, with the client watchdog running on it:
     * a probe through the tunnel every second, a new flow after {@link #WATCHDOG_DEAD_AFTER} of silence.
     */
    public void connectThroughAccelerator(ClientSpec client) {
        Edge edge = network.edge().orElseThrow(() -> new IllegalStateException(network.kind() + " has no accelerator"));
        edge.connect(client);
        watchdogs.computeIfAbsent(client.name(), name -> Thread.ofVirtual().name("watchdog-" + name)
                .start(() -> watch(edge, client)));
    }

    /** Stops the client's watchdog (as if the client's owner never installed it); the tunnel stays. */
    public void stopWatchdog(ClientSpec client) {
        Thread watchdog = watchdogs.remove(client.name());
        if (watchdog != null) {
            watchdog.interrupt();
            try {
                watchdog.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void watch(Edge edge, ClientSpec client) {
        CommandRunner runner = edge.clientRunner(client);
        InterfaceName iface = edge.clientInterface(client);
        Watchdog watchdog = new Watchdog(runner, iface, edge.acceleratorKey(),
                TunnelProbe.ping(runner, iface, Cidr.parse(edge.probeAddress() + "/32")), WATCHDOG_DEAD_AFTER,
                () -> ThreadLocalRandom.current().nextInt(49152, 65536));
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (watchdog.check(clock.instant()) == Watchdog.Outcome.REBOUND) {
                    log.println("watchdog " + client.name() + ": no sign of life for " + WATCHDOG_DEAD_AFTER
                            + "; new listen port, peer reset");
                }
            } catch (RuntimeException e) {
                log.println("watchdog " + client.name() + ": " + e.getMessage());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The node's instance dies: its agent stops and nothing goes in or out of it. */
    public void killNode(NodeSpec node) {
        network.cut(node);
        stopAgent(node);
    }

    /** The node's instance is back, and systemd starts its agent. */
    public void reviveNode(NodeSpec node) {
        network.mend(node);
        startAgent(node);
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
        raw.put("node.name", nodeName(node).value());
        raw.put("region", node.region().name());
        raw.put("table", table);
        raw.put("clients.interface", host.interfaces().clients().value());
        raw.put("backbone.interface", host.interfaces().backbone().value());
        raw.put("backbone.address", node.backboneAddress().toString());
        raw.put("backbone.endpoint", host.backboneEndpoint().toString());
        raw.put("reconcile.interval", reconcileInterval.toMillis() + "ms");
        raw.put("control.socket", socket.toString());
        raw.put("dynamodb.endpoint", dynamo.endpoint().toString());
        AgentConfig config = ConfigParser.parse(raw);
        AwsClients aws = new AwsClients(config, credentials());
        HealthPort healthPort = new HealthPort(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Agent agent = new Agent(new Agent.Parts(config, clock, new AgentLog(log, clock), new WireGuard(host.runner()),
                new DynamoAgentTable(aws.dynamoDb(), table),
                new HostRouteKeeper(config.nodeId(), config.reconcileInterval(), host.interfaces(),
                        new LinuxHost(host.runner(), host.interfaces())),
                (now, applyFailures) -> { }, host.links(), healthPort));
        agent.start();
        agents.put(node.name(), new RunningAgent(agent, aws, healthPort));
        transport.register(node.region(), socket);
    }

    /** Stops one node's agent, as a crash or `systemctl stop` would; its routes stay as they were. */
    public synchronized void stopAgent(NodeSpec node) {
        RunningAgent running = agents.remove(node.name());
        if (running != null) {
            transport.unregister(node.region(), runDir.resolve(node.name() + ".sock"));
            running.agent().close();
            running.aws().close();
        }
    }

    /** The command that shows this fleet with the operator CLI. */
    public String statusCommand() {
        String command = "./wg-roam status --endpoint " + dynamo.endpoint() + " --table " + table;
        if (acceleratorApi == null) {
            return command;
        }
        return command + " --accelerator-endpoint " + acceleratorApi.endpoint() + " --endpoint-group "
                + String.join(",", accelerator.groups().stream().map(EndpointGroupState::arn).toList());
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

    /** The owner item of a VPC prefix, or null. */
    public Owner vpcOwner(Cidr prefix) {
        var item = dynamo.dynamoDb().getItem(r -> r.tableName(table).key(OwnerItem.key(new Subject.Vpc(prefix)))).item();
        return item == null || item.isEmpty() ? null : OwnerItem.fromItem(item);
    }

    /** The node's status item (the failover function's), or null while it has none (ACTIVE). */
    public NodeStatus status(NodeSpec node) {
        var item = dynamo.dynamoDb().getItem(r -> r.tableName(table).key(NodeStatusItem.key(node.id()))).item();
        return item == null || item.isEmpty() ? null : NodeStatusItem.fromItem(item);
    }

    /** The running agent of a node, or null while it is stopped. */
    public Agent agent(NodeSpec node) {
        RunningAgent running = agents.get(node.name());
        return running == null ? null : running.agent();
    }

    /** Whether the VPC host behind every node reaches the client. */
    public boolean converged(ClientSpec client) {
        return nodes.parallelStream().allMatch(n -> network.reaches(n, client));
    }

    @Override
    public void close() {
        clients.forEach(this::stopWatchdog);
        if (healthChecker != null) {
            healthChecker.close();
            acceleratorClient.close();
            acceleratorApi.close();
        }
        poller.close();
        List.copyOf(agents.keySet()).forEach(name -> stopAgent(node(name)));
        network.close();
        operatorDynamoDb.close();
        try {
            dynamo.deleteTable(table);
        } catch (RuntimeException e) {
            // At JVM exit the emulator may be stopping already; its tables live in memory only.
        }
    }
}
