package dev.wgroam.functions.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.aws.accelerator.EndpointGroup;
import dev.wgroam.aws.accelerator.EndpointWeight;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.functions.testing.EmfLines;
import dev.wgroam.functions.testing.SampleRegistry;
import dev.wgroam.operator.OperatorAction;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.testing.MovableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailoverFunctionTest {

    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final Region EU = new Region("eu-west-1");
    static final Cidr VPC = Cidr.parse("172.31.0.0/16");
    static final Cidr CLIENTS = Cidr.parse("10.50.0.0/16");


    /** The endpoint group as GA keeps it: an update replaces the whole list. */
    static final class FakeGroup implements EndpointGroup {
        List<EndpointWeight> weights = new ArrayList<>(List.of(new EndpointWeight("i-a", 128, true),
                new EndpointWeight("i-b", 128, true), new EndpointWeight("i-c", 100, true)));
        int updates;
        int describes;

        @Override
        public List<EndpointWeight> describe() {
            describes++;
            return List.copyOf(weights);
        }

        @Override
        public void update(List<EndpointWeight> next) {
            updates++;
            weights = new ArrayList<>(next);
        }

        int weightOf(String id) {
            return weights.stream().filter(w -> w.endpointId().equals(id)).findFirst().orElseThrow().weight();
        }
    }

    static final class FakeStore implements FailoverStore {
        final List<NodeApproval> approvals = new ArrayList<>();
        final Map<NodeId, NodeStatus> statuses = new HashMap<>();
        int puts;

        @Override
        public Registry registry() {
            return Registry.of(SampleRegistry.SETTINGS, approvals, List.of());
        }

        @Override
        public NodeStatus status(NodeId node) {
            return statuses.get(node);
        }

        @Override
        public List<NodeStatus> statuses() {
            return List.copyOf(statuses.values());
        }

        @Override
        public void put(NodeStatus status) {
            puts++;
            statuses.put(status.node(), status);
        }

        @Override
        public void delete(NodeId node) {
            statuses.remove(node);
        }
    }

    static final class FakeAlarms implements Alarms {
        final Map<NodeId, Instant> okSince = new HashMap<>();
        final Map<NodeId, String> firing = new HashMap<>();
        List<NodeApproval> synced = List.of();

        @Override
        public NodeId nodeOf(String alarmName) {
            return alarmName.startsWith("wg-roam/fleet/heartbeat/") ? new NodeId(alarmName.substring(24)) : null;
        }

        @Override
        public Instant okSince(NodeId node) {
            return okSince.get(node);
        }

        @Override
        public Optional<String> firing(NodeId node) {
            return Optional.ofNullable(firing.get(node));
        }

        @Override
        public void sync(List<NodeApproval> approvals) {
            synced = approvals;
        }
    }

    /** The state change of an alarm from OK to ALARM at {@code at}. */
    static FailoverEvent.AlarmStateChange alarm(String name, Instant at) {
        return new FailoverEvent.AlarmStateChange(name, AlarmState.ALARM, AlarmState.OK, at);
    }

    final MovableClock clock = new MovableClock(T0);
    final FakeGroup group = new FakeGroup();
    final FakeStore store = new FakeStore();
    final FakeAlarms alarms = new FakeAlarms();
    final List<String> routesPointedAt = new ArrayList<>();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final FailoverFunction function = new FailoverFunction(EU, store, group, alarms,
            (cidr, instance) -> {
                routesPointedAt.add(cidr + "->" + instance);
                return 1;
            }, CLIENTS, new FailoverPlan(Duration.ofMinutes(5)),
            new Telemetry(new PrintStream(log, true, StandardCharsets.UTF_8), clock, "failover", "wg-roam"), clock);

    FailoverFunctionTest() {
        store.approvals.add(node("node-a", "i-a", true));
        store.approvals.add(node("node-b", "i-b", false));
        store.approvals.add(node("node-c", "i-c", false));
    }

    /** An approval in eu-west-1 for the VPC; the letter of the id makes its backbone key and address unique. */
    static NodeApproval node(String id, String instance, boolean primary) {
        return SampleRegistry.approval(new NodeId(id), id.charAt(id.length() - 1) - 'a' + 1, "vpn-" + id, EU, primary,
                instance, List.of(VPC));
    }

    private String metrics() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void alarm_drainsTheNode_marksItFailed_andPointsTheVpcAtTheStandby() {
        function.onAlarm(alarm("wg-roam/fleet/heartbeat/node-a", T0));

        assertEquals(0, group.weightOf("i-a"));
        assertEquals(128, group.weightOf("i-b"));
        assertEquals(100, group.weightOf("i-c"));
        NodeStatus status = store.statuses.get(new NodeId("node-a"));
        assertEquals(NodeState.FAILED, status.state());
        assertEquals(128, status.restoreWeight());
        assertTrue(status.steeredAway(), "weight 0 on the status: its agent may send its clients away");
        assertEquals(List.of("10.50.0.0/16->i-b"), routesPointedAt);
        assertTrue(metrics().contains("\"Failovers\":1"));
    }

    @Test
    void duplicatedAlarm_changesNothingMore() {
        function.onAlarm(alarm("wg-roam/fleet/heartbeat/node-a", T0));
        function.onAlarm(alarm("wg-roam/fleet/heartbeat/node-a", T0.plusSeconds(60)));

        assertEquals(1, group.updates);
        assertEquals(T0, store.statuses.get(new NodeId("node-a")).since());
    }

    @Test
    void alarmOkAlarmWithinTheHoldDown_noRestore_thenRestoreTheOriginalWeightAfterIt() {
        function.onAlarm(alarm("wg-roam/fleet/heartbeat/node-a", T0));
        alarms.okSince.put(new NodeId("node-a"), T0.plusSeconds(60));
        clock.now = T0.plusSeconds(120);
        function.sweep();
        alarms.okSince.remove(new NodeId("node-a"));
        function.onAlarm(alarm("wg-roam/fleet/heartbeat/node-a", T0.plusSeconds(130)));
        clock.now = T0.plusSeconds(400);
        function.sweep();
        assertEquals(0, group.weightOf("i-a"), "flapping alarm: still drained");

        alarms.okSince.put(new NodeId("node-a"), T0.plusSeconds(420));
        clock.now = T0.plusSeconds(420 + 300);
        function.sweep();

        assertEquals(128, group.weightOf("i-a"));
        assertEquals(NodeState.ACTIVE, store.statuses.get(new NodeId("node-a")).state());
        assertEquals(128, store.statuses.get(new NodeId("node-a")).weight());
        assertTrue(metrics().contains("\"Restores\":1"));
    }

    @Test
    void twoNodesFailingOneAfterAnother_theLastActiveIsNeverDrained() {
        function.onAlarm(alarm("wg-roam/fleet/heartbeat/node-a", T0));
        function.onAlarm(alarm("wg-roam/fleet/heartbeat/node-b", T0.plusSeconds(10)));
        function.onAlarm(alarm("wg-roam/fleet/heartbeat/node-c", T0.plusSeconds(20)));

        assertEquals(0, group.weightOf("i-a"));
        assertEquals(0, group.weightOf("i-b"));
        assertEquals(100, group.weightOf("i-c"), "the last active endpoint keeps its weight");
        assertEquals(NodeState.FAILED, store.statuses.get(new NodeId("node-c")).state());
        assertTrue(store.statuses.get(new NodeId("node-c")).reason().contains("not drained"));
        assertEquals(100, store.statuses.get(new NodeId("node-c")).weight());
        assertFalse(store.statuses.get(new NodeId("node-c")).steeredAway(),
                "a refused drain keeps its clients: GA still sends them there");
        assertTrue(metrics().contains("\"RefusedDrains\":1"));
    }

    @Test
    void alarmsOfAnotherFleetOrAnUnknownNode_areIgnored() {
        function.onAlarm(alarm("someone-elses-alarm", T0));
        function.onAlarm(alarm("wg-roam/fleet/heartbeat/node-unknown", T0));

        assertEquals(0, group.updates);
        assertTrue(store.statuses.isEmpty());
        assertEquals(2, EmfLines.sum(metrics(), FailoverFunction.IGNORED_EVENTS), metrics());
    }

    /** node-b as an operator's drain leaves it: DRAINED, weight 0. */
    private void operatorDrainedNodeB() {
        store.put(new NodeStatus(new NodeId("node-b"), new NodeName("vpn-b"), EU, NodeState.DRAINED, "maintenance",
                T0, 128, 0));
        group.update(List.of(new EndpointWeight("i-a", 128, true), new EndpointWeight("i-b", 0, true),
                new EndpointWeight("i-c", 100, true)));
    }

    @Test
    void sweep_syncsTheAlarms_andNeverUndrainsAnOperatorsDrain() {
        operatorDrainedNodeB();
        alarms.okSince.put(new NodeId("node-b"), T0.minusSeconds(3600));
        clock.now = T0.plusSeconds(3600);

        function.sweep();

        assertEquals(store.approvals, alarms.synced, "alarms for exactly the approved nodes of the region");
        assertEquals(0, group.weightOf("i-b"));
        assertNull(store.statuses.get(new NodeId("node-a")));
    }

    @Test
    void sweep_deletesTheStatusesOfThisRegionsRetiredNodes_only() {
        operatorDrainedNodeB();
        NodeStatus drainedB = store.statuses.get(new NodeId("node-b"));
        NodeStatus elsewhere = new NodeStatus(new NodeId("node-x"), new NodeName("vpn-x"), new Region("us-east-1"),
                NodeState.FAILED, "alarm", T0, 128, 0);
        store.statuses.put(elsewhere.node(), elsewhere);
        store.approvals.removeIf(a -> a.node().equals(new NodeId("node-b")));

        function.sweep();

        assertNull(store.statuses.get(new NodeId("node-b")), "node remove took B's approval: its status goes");
        assertEquals(elsewhere, store.statuses.get(elsewhere.node()), "another region's status is its function's");
        assertEquals(NodeState.DRAINED, drainedB.state());
        assertEquals(store.approvals, alarms.synced, "and its alarms, by the sync");
    }

    @Test
    void sweep_drainsANodeWhoseAlarmIsInAlarmWhileItsStatusSaysActive_soALostAlarmEventHealsInOneSweep() {
        alarms.firing.put(new NodeId("node-a"), "wg-roam/fleet/heartbeat/node-a");
        clock.now = T0.plusSeconds(60);

        function.sweep();

        assertEquals(0, group.weightOf("i-a"));
        NodeStatus status = store.statuses.get(new NodeId("node-a"));
        assertEquals(NodeState.FAILED, status.state());
        assertEquals(T0.plusSeconds(60), status.since());
        assertEquals(List.of("10.50.0.0/16->i-b"), routesPointedAt);
        assertEquals(1, EmfLines.sum(metrics(), FailoverFunction.FAILOVERS));

        function.sweep();

        assertEquals(1, group.updates, "a second sweep finds it FAILED and changes nothing");
    }

    @Test
    void sweep_leavesANodeAlone_whoseAlarmsAreNotInAlarm() {
        function.sweep();

        assertEquals(0, group.updates);
        assertTrue(store.statuses.isEmpty());
    }

    @Test
    void standby_isTheNodeTheOwnershipFunctionMovesTheVpcPrefixTo() {
        operatorDrainedNodeB();

        function.onAlarm(alarm("wg-roam/fleet/heartbeat/node-a", T0));

        Map<NodeId, NodeState> states = Map.of(new NodeId("node-a"), NodeState.FAILED,
                new NodeId("node-b"), NodeState.DRAINED);
        NodeId owner = dev.wgroam.ownership.VpcOwnership.decide(VPC, null,
                dev.wgroam.ownership.VpcOwnership.candidates(List.of(VPC), store.approvals, states), T0)
                .orElseThrow().node();
        assertEquals(new NodeId("node-c"), owner);
        assertEquals(List.of("10.50.0.0/16->i-c"), routesPointedAt);
    }

    @Test
    void operatorDrainAndUndrain_takeTheSamePath_andUndrainRestoresTheWeight() {
        function.operator(new OperatorAction(new NodeId("node-b"), true, "kernel update"));

        assertEquals(0, group.weightOf("i-b"));
        assertEquals(NodeState.DRAINED, store.statuses.get(new NodeId("node-b")).state());
        clock.now = T0.plusSeconds(3600);
        function.sweep();
        assertEquals(0, group.weightOf("i-b"), "the sweep leaves an operator's drain alone");

        function.operator(new OperatorAction(new NodeId("node-b"), false, "done"));

        assertEquals(128, group.weightOf("i-b"));
        assertEquals(NodeState.ACTIVE, store.statuses.get(new NodeId("node-b")).state());
    }

    @Test
    void acceleratorFailure_isCountedAndRethrownSoTheEventIsRetried() {
        FailoverFunction failing = new FailoverFunction(EU, store, new EndpointGroup() {
            @Override
            public List<EndpointWeight> describe() {
                return group.describe();
            }

            @Override
            public void update(List<EndpointWeight> weights) {
                throw new IllegalStateException("Unable to execute HTTP request");
            }
        }, alarms, (cidr, instance) -> 0, CLIENTS, new FailoverPlan(Duration.ofMinutes(5)),
                new Telemetry(new PrintStream(log, true, StandardCharsets.UTF_8), clock, "failover", "wg-roam"), clock);

        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> failing.onAlarm(alarm("wg-roam/fleet/heartbeat/node-a", T0)));

        assertTrue(metrics().contains("\"GlobalAcceleratorErrors\":1"));
        assertNull(store.statuses.get(new NodeId("node-a")), "no FAILED status for a drain that did not happen");
    }
}
