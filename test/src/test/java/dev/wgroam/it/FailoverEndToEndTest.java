package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.failover.Alarms;
import dev.wgroam.functions.failover.FailoverEvents;
import dev.wgroam.functions.failover.FailoverHandler;
import dev.wgroam.functions.failover.FailoverPlan;
import dev.wgroam.functions.failover.NodeAlarms;
import dev.wgroam.functions.failover.VpcRouteTables;
import dev.wgroam.local.DefaultFleet;
import dev.wgroam.local.LocalFleet;
import dev.wgroam.local.NodeDeaths;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.Edge;
import dev.wgroam.local.network.NamespaceNetwork;
import dev.wgroam.local.network.NodeSpec;
import dev.wgroam.local.vpc.RouteTableFollower;
import dev.wgroam.ownership.Owner;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import dev.wgroam.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * An HA pair's failover end to end: one VPC behind a primary and a standby (and a third node in
 * another region), the VPC host's client route following a route table in moto's EC2. The primary
 * dies; the real failover function, in-process, is fed the alarm's EventBridge event (GA weights
 * through the SDK against local mode's accelerator stand-in, alarms in moto's CloudWatch, the route
 * table through EC2 ReplaceRoute); its status item reaches the ownership function through the
 * stream, which moves the VPC prefix to the standby, and every agent moves its backbone route.
 * Detection is not timed here: the clock starts at the event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverEndToEndTest {

    static final Region EU = new Region("eu-west-1");
    static final Cidr VPC = Cidr.parse("172.31.1.0/24");
    static final Duration HOLD_DOWN = Duration.ofSeconds(3);
    static final List<ClientSpec> CLIENTS = DefaultFleet.clients(4);
    static final DateTimeFormatter CLOUDWATCH_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    final String fleetName = "failover-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    Ec2Client ec2;
    CloudWatchClient cloudWatch;
    NodeAlarms alarms;
    String routeTable;
    NodeSpec primary;
    NodeSpec standby;
    NodeSpec far;
    LocalFleet fleet;
    NamespaceNetwork network;
    RouteTableFollower follower;
    FailoverHandler failover;

    @BeforeAll
    void startThePairAndItsRouteTable() {
        SdkClients moto = new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint());
        ec2 = moto.build(Ec2Client.builder(), EU.name());
        cloudWatch = moto.build(CloudWatchClient.builder(), EU.name());
        String vpc = ec2.createVpc(r -> r.cidrBlock("172.31.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(VPC.toString())).subnet().subnetId();
        primary = new NodeSpec("node-a", EU, VPC, 1).withInstanceId(instance(subnet));
        standby = primary.standby("node-b", 2).withInstanceId(instance(subnet));
        far = new NodeSpec("node-c", new Region("us-east-1"), Cidr.parse("172.16.1.0/24"), 3).withInstanceId("i-node-c");
        routeTable = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createTags(r -> r.resources(routeTable).tags(Tag.builder().key(VpcRouteTables.FLEET_TAG).value(fleetName).build()));
        ec2.createRoute(r -> r.routeTableId(routeTable).destinationCidrBlock(LocalFleet.CLIENT_CIDR.toString())
                .instanceId(primary.instanceId()));

        fleet = LabFleet.start(List.of(primary, standby, far), CLIENTS, Duration.ofSeconds(5), log);
        network = (NamespaceNetwork) fleet.network();
        follower = new RouteTableFollower(ec2, routeTable, Map.of(primary.instanceId(), primary.vpcGatewayAddress(),
                standby.instanceId(), standby.vpcGatewayAddress()), network.vpcHost(primary), Duration.ofMillis(200),
                new PrintStream(log, true, StandardCharsets.UTF_8)::println);
        follower.start();
        alarms = new NodeAlarms(cloudWatch, fleetName, "wg-roam");
        failover = new FailoverHandler(new FailoverEvents(fleetName, Clock.systemUTC()),
                fleet.failoverFunction(EU, new SyncedOnce(alarms), new VpcRouteTables(ec2, fleetName), new FailoverPlan(HOLD_DOWN)));
        sweep();
        setAlarms(primary, "OK");
        setAlarms(standby, "OK");
        CLIENTS.forEach(fleet::connectThroughAccelerator);
    }

    @AfterAll
    void stop() {
        if (follower != null) {
            follower.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    /**
     * The real alarms, made by the first sweep only: moto (5.2.1) puts an alarm back to OK, "now", on
     * every PutMetricAlarm, where CloudWatch keeps its state, so with moto every sweep would restart
     * the hold-down and none could restore. The fleet's approvals do not change in this test.
     */
    static final class SyncedOnce implements Alarms {
        private final NodeAlarms alarms;
        private boolean synced;

        SyncedOnce(NodeAlarms alarms) {
            this.alarms = alarms;
        }

        @Override
        public NodeId nodeOf(String alarmName) {
            return alarms.nodeOf(alarmName);
        }

        @Override
        public Instant okSince(NodeId node) {
            return alarms.okSince(node);
        }

        @Override
        public Optional<String> firing(NodeId node) {
            return alarms.firing(node);
        }

        @Override
        public synchronized void sync(List<NodeApproval> approvals) {
            if (!synced) {
                alarms.sync(approvals);
                synced = true;
            }
        }
    }

    private String instance(String subnet) {
        return ec2.runInstances(r -> r.imageId("ami-12c6146b").minCount(1).maxCount(1).subnetId(subnet))
                .instances().get(0).instanceId();
    }

    /** Both alarms the sweep made for the node, put into {@code state} as CloudWatch would. */
    private void setAlarms(NodeSpec node, String state) {
        alarms.existing().stream().filter(a -> node.id().equals(alarms.nodeOf(a.alarmName()))).forEach(a ->
                cloudWatch.setAlarmState(r -> r.alarmName(a.alarmName()).stateValue(state).stateReason("e2e")));
    }

    private String heartbeatAlarm(NodeSpec node) {
        return alarms.prefix() + "heartbeat/" + node.id().value();
    }

    /** The sample "CloudWatch Alarm State Change" (events/), for this alarm going into ALARM now. */
    private ScheduledEvent alarmEvent(String alarmName, Instant at) {
        ScheduledEvent event = ForgedOperatorDrainTest.sample("failover-alarm.json");
        Map<String, Object> detail = new HashMap<>(event.getDetail());
        detail.put("alarmName", alarmName);
        detail.put("state", Map.of("value", "ALARM", "reason", "Threshold Crossed: no heartbeat",
                "timestamp", CLOUDWATCH_TIME.format(at)));
        event.setDetail(detail);
        event.setResources(List.of("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + alarmName));
        return event;
    }

    /** The sample scheduled event, from this fleet's sweep rule. */
    private void sweep() {
        ScheduledEvent event = ForgedOperatorDrainTest.sample("failover-sweep.json");
        event.setResources(List.of("arn:aws:events:eu-west-1:123456789012:rule/" + FailoverEvents.sweepRuleName(fleetName)));
        failover.handleRequest(event, null);
    }

    private boolean pairReaches(ClientSpec client) {
        return network.reaches(primary, client);
    }

    /** The client pings the VPC host behind the pair through its tunnel. */
    private boolean reachesPair(ClientSpec client) {
        Edge edge = network.edge().orElseThrow();
        try {
            edge.clientRunner(client).run(List.of("ping", "-c", "1", "-W", "0.3", primary.vpcHostAddress()));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean everyClientAndTheVpcHostReachEachOther() {
        return CLIENTS.parallelStream().allMatch(c -> pairReaches(c) && reachesPair(c));
    }

    private String routeTableTarget() {
        return ec2.describeRouteTables(r -> r.routeTableIds(routeTable)).routeTables().get(0).routes().stream()
                .filter(route -> LocalFleet.CLIENT_CIDR.toString().equals(route.destinationCidrBlock()))
                .map(Route::instanceId).findFirst().orElseThrow();
    }

    private String vpcHostClientRoute() {
        return network.vpcHost(primary).run(List.of("ip", "route", "show", LocalFleet.CLIENT_CIDR.toString())).trim();
    }

    private int weight(NodeSpec node) {
        return fleet.accelerator().orElseThrow().describe(LocalFleet.endpointGroupArn(node.region())).endpoints().stream()
                .filter(e -> e.id().equals(node.instanceId())).findFirst().orElseThrow().weight();
    }

    /** Whether the far node routes the pair's VPC into {@code node}'s backbone peer. */
    private boolean farRoutesVpcTo(NodeSpec node) {
        var host = network.host(node);
        String key = host.runner().run(List.of("wg", "show", host.interfaces().backbone().value(), "public-key")).trim();
        var farHost = network.host(far);
        return farHost.runner().run(List.of("wg", "show", farHost.interfaces().backbone().value(), "allowed-ips"))
                .lines().anyMatch(l -> l.startsWith(key) && List.of(l.substring(key.length()).trim().split(" "))
                        .contains(VPC.toString()));
    }

    private NodeSpec vpcOwner() {
        Owner owner = fleet.vpcOwner(VPC);
        return owner == null ? null : fleet.node(owner.node().value());
    }

    private String describe() {
        StringBuilder out = new StringBuilder("vpc owner " + vpcOwner() + "; route table -> " + routeTableTarget()
                + "; vpc host: " + vpcHostClientRoute() + "\n");
        for (ClientSpec c : CLIENTS) {
            Owner owner = fleet.owner(c);
            out.append(c.name()).append(" owner ").append(owner == null ? "none" : owner.node().value())
                    .append(" vpc host reaches it ").append(pairReaches(c)).append(", it reaches the vpc host ")
                    .append(reachesPair(c)).append('\n');
        }
        return out.append(LabFleet.tail(log)).toString();
    }

    @Test
    @Order(1)
    void beforeTheFailure_thePairsVpcHostAndEveryClientReachEachOther_throughThePrimary() throws InterruptedException {
        assertTrue(Eventually.within(Duration.ofSeconds(30), () -> CLIENTS.stream().allMatch(fleet::converged)
                && everyClientAndTheVpcHostReachEachOther()), this::describe);
        assertEquals(primary, vpcOwner());
        assertEquals(primary.instanceId(), routeTableTarget());
        assertTrue(vpcHostClientRoute().contains("via " + primary.vpcGatewayAddress()), vpcHostClientRoute());
        assertTrue(farRoutesVpcTo(primary), this::describe);
    }

    @Test
    @Order(2)
    void thePrimaryDies_andItsAlarmEvent_movesTheVpcToTheStandby() throws InterruptedException {
        EndToEndTest.pastTheSkewMargin();
        int victims = NodeDeaths.clientsOf(fleet, primary).size();
        fleet.killNode(primary);
        setAlarms(primary, "ALARM");
        Instant at = Instant.now();
        long start = System.nanoTime();
        failover.handleRequest(alarmEvent(heartbeatAlarm(primary), at), null);
        long handled = System.nanoTime() - start;
        assertTrue(Eventually.within(Duration.ofSeconds(5), () -> vpcHostClientRoute().contains(
                "via " + standby.vpcGatewayAddress())), this::describe);
        long routed = System.nanoTime() - start;
        assertTrue(Eventually.within(Duration.ofSeconds(30), this::everyClientAndTheVpcHostReachEachOther), this::describe);
        long reached = System.nanoTime() - start;
        System.out.println("e2e failover: alarm event -> function returned " + handled / 1_000_000 + " ms, VPC host's route"
                + " on the standby " + routed / 1_000_000 + " ms, the pair's VPC host and all " + CLIENTS.size()
                + " clients (" + victims + " of them on the dead primary) reach each other again " + reached / 1_000_000 + " ms");

        assertEquals(NodeState.FAILED, fleet.status(primary).state());
        assertEquals(0, weight(primary));
        assertEquals(128, weight(standby));
        assertEquals(standby.instanceId(), routeTableTarget());
        assertTrue(vpcHostClientRoute().contains("via " + standby.vpcGatewayAddress()), vpcHostClientRoute());
        assertEquals(standby, vpcOwner());
        assertTrue(Eventually.within(Duration.ofSeconds(10), () -> farRoutesVpcTo(standby)), this::describe);
    }

    @Test
    @Order(3)
    void thePrimaryRevives_theSweepRestoresItAfterTheHoldDown_andTheVpcStaysWithTheStandby() throws InterruptedException {
        fleet.reviveNode(primary);
        setAlarms(primary, "OK");
        sweep();
        assertEquals(NodeState.FAILED, fleet.status(primary).state(), "restored before the hold-down");
        assertEquals(0, weight(primary));

        Thread.sleep(HOLD_DOWN.plusSeconds(1).toMillis());
        sweep();

        assertEquals(NodeState.ACTIVE, fleet.status(primary).state());
        assertEquals(128, weight(primary));
        // VpcOwnership keeps an ACTIVE owner: the VPC does not flap back, and the sweep moves no route.
        assertEquals(standby, vpcOwner());
        assertEquals(standby.instanceId(), routeTableTarget());
        assertTrue(vpcHostClientRoute().contains("via " + standby.vpcGatewayAddress()), vpcHostClientRoute());
        assertTrue(Eventually.within(Duration.ofSeconds(30), () -> CLIENTS.stream().allMatch(fleet::converged)
                && everyClientAndTheVpcHostReachEachOther()), this::describe);
    }
}
