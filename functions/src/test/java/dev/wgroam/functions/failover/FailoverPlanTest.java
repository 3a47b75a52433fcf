package dev.wgroam.functions.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wgroam.aws.accelerator.EndpointWeight;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverPlanTest {

    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    final FailoverPlan plan = new FailoverPlan(Duration.ofMinutes(5));
    final List<EndpointWeight> group = List.of(new EndpointWeight("i-a", 128, true),
            new EndpointWeight("i-b", 200, true), new EndpointWeight("i-c", 0, false));

    static NodeStatus status(NodeState state, Instant since, int restoreWeight) {
        return new NodeStatus(new NodeId("node-a"), new NodeName("vpn-a"), new Region("eu-west-1"), state,
                "alarm wg-roam-heartbeat-node-a", since, restoreWeight,
                state.isActive() ? restoreWeight : 0);
    }

    @Test
    void drain_setsWeightZeroAndSendsEveryOtherEndpointWithItsOwnWeight() {
        FailoverPlan.Action action = plan.drain("i-a", null, group, Map.of());

        FailoverPlan.Action.Drain drain = assertInstanceOf(FailoverPlan.Action.Drain.class, action);
        assertEquals(List.of(new EndpointWeight("i-a", 0, true), new EndpointWeight("i-b", 200, true),
                new EndpointWeight("i-c", 0, false)), drain.weights());
        assertEquals(128, drain.restoreWeight());
    }

    @Test
    void drain_whenTheOthersAreFailedOrAtWeightZero_refusesToDrainTheLastOne() {
        FailoverPlan.Action action = plan.drain("i-a", null, group, Map.of("i-b", NodeState.FAILED));

        assertInstanceOf(FailoverPlan.Action.Refuse.class, action);
    }

    @Test
    void drain_twoNodesFailingOneAfterTheOther_theSecondIsRefused() {
        FailoverPlan.Action.Drain first = assertInstanceOf(FailoverPlan.Action.Drain.class,
                plan.drain("i-a", null, group, Map.of()));

        FailoverPlan.Action second = plan.drain("i-b", null, first.weights(), Map.of("i-a", NodeState.FAILED));

        assertInstanceOf(FailoverPlan.Action.Refuse.class, second);
    }

    @Test
    void drain_whenAlreadyFailed_doesNothing_soDuplicateAlarmsChangeNothing() {
        assertInstanceOf(FailoverPlan.Action.Nothing.class,
                plan.drain("i-a", status(NodeState.FAILED, T0, 128), group, Map.of()));
    }

    @Test
    void drain_anEndpointOutsideTheGroup_doesNothing() {
        assertInstanceOf(FailoverPlan.Action.Nothing.class,
                plan.drain("i-unknown", null, group, Map.of()));
    }

    @Test
    void restore_onlyAfterTheAlarmStayedOkForTheWholeHoldDown_andPutsTheOriginalWeightBack() {
        NodeStatus failed = status(NodeState.FAILED, T0, 128);
        List<EndpointWeight> drained = List.of(new EndpointWeight("i-a", 0, true), new EndpointWeight("i-b", 200, true));
        Instant ok = T0.plusSeconds(60);

        assertInstanceOf(FailoverPlan.Action.Nothing.class,
                plan.restore("i-a", failed, drained, ok, ok.plus(Duration.ofMinutes(4))));
        FailoverPlan.Action.Restore restore = assertInstanceOf(FailoverPlan.Action.Restore.class,
                plan.restore("i-a", failed, drained, ok, ok.plus(Duration.ofMinutes(5))));
        assertEquals(List.of(new EndpointWeight("i-a", 128, true), new EndpointWeight("i-b", 200, true)),
                restore.weights());
    }

    @Test
    void restore_alarmFlappingAlarmOkAlarmWithinTheHoldDown_restoresNothing() {
        NodeStatus failed = status(NodeState.FAILED, T0, 128);
        List<EndpointWeight> drained = List.of(new EndpointWeight("i-a", 0, true), new EndpointWeight("i-b", 200, true));

        // OK at +60 s, ALARM again at +120 s (not OK any more), OK again at +200 s: the hold-down restarts.
        assertInstanceOf(FailoverPlan.Action.Nothing.class, plan.restore("i-a", failed, drained, null, T0.plusSeconds(150)));
        assertInstanceOf(FailoverPlan.Action.Nothing.class,
                plan.restore("i-a", failed, drained, T0.plusSeconds(200), T0.plusSeconds(200 + 299)));
        assertInstanceOf(FailoverPlan.Action.Restore.class,
                plan.restore("i-a", failed, drained, T0.plusSeconds(200), T0.plusSeconds(200 + 300)));
    }

    @Test
    void restore_anOkOlderThanTheFailure_doesNotCount() {
        NodeStatus failed = status(NodeState.FAILED, T0, 128);

        assertInstanceOf(FailoverPlan.Action.Nothing.class,
                plan.restore("i-a", failed, group, T0.minusSeconds(3600), T0.plusSeconds(600)));
    }

    @Test
    void undrain_byAnOperator_restoresAtOnce() {
        NodeStatus drained = status(NodeState.DRAINED, T0, 77);

        FailoverPlan.Action.Restore restore = assertInstanceOf(FailoverPlan.Action.Restore.class,
                plan.restore("i-a", drained, group, null, T0.plusSeconds(1)));
        assertEquals(77, restore.weights().get(0).weight());
    }
}
