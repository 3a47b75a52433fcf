package dev.wgroam.functions.failover;

import static dev.wgroam.functions.failover.FailoverFunctionTest.EU;
import static dev.wgroam.functions.failover.FailoverFunctionTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.aws.accelerator.EndpointWeight;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.Region;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wgroam.functions.testing.EmfLines;
import dev.wgroam.functions.testing.SampleRegistry;
import dev.wgroam.operator.OperatorAction;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a node, or anyone who can put an event, could try on the failover function: alarms of nodes
 * it does not know, another region's node, another node's endpoint, an unwritable reason. Each is
 * refused before any Global Accelerator call and counted.
 */
class FailoverHostileNodeTest {

    static final NodeId ARN_A = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0aaaaaaaaaaaaaaaa");
    static final NodeId ARN_B = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0bbbbbbbbbbbbbbbb");
    static final NodeId ARN_US = new NodeId("arn:aws:ec2:us-east-1:123456789012:instance/i-0cccccccccccccccc");

    final FailoverFunctionTest fleet = new FailoverFunctionTest();
    final FailoverFunctionTest.FakeGroup group = fleet.group;
    final FailoverFunctionTest.FakeStore store = fleet.store;

    FailoverHostileNodeTest() {
        store.approvals.clear();
        store.approvals.add(SampleRegistry.approval(ARN_A, 1, "vpn-a", EU, true, "i-0aaaaaaaaaaaaaaaa",
                List.of(FailoverFunctionTest.VPC)));
        store.approvals.add(SampleRegistry.approval(ARN_B, 2, "vpn-b", EU, false, "i-0bbbbbbbbbbbbbbbb",
                List.of(FailoverFunctionTest.VPC)));
        store.approvals.add(SampleRegistry.approval(ARN_US, 3, "vpn-us", new Region("us-east-1"), false,
                "i-0cccccccccccccccc", List.of()));
        // The endpoint group of eu-west-1; i-0ccc… is listed too, as a misconfigured group might have it.
        group.weights = new ArrayList<>(List.of(new EndpointWeight("i-0aaaaaaaaaaaaaaaa", 128, true),
                new EndpointWeight("i-0bbbbbbbbbbbbbbbb", 128, true), new EndpointWeight("i-0cccccccccccccccc", 64, true)));
    }

    static String heartbeatAlarm(NodeId node) {
        return "wg-roam/fleet/heartbeat/" + node;
    }

    void assertNothingCalled() {
        assertEquals(0, group.updates, "no weight changed");
        assertEquals(0, store.puts, "no status written");
        assertTrue(fleet.routesPointedAt.isEmpty(), "no route moved");
    }

    long ignoredEvents() {
        return EmfLines.sum(fleet.log.toString(), FailoverFunction.IGNORED_EVENTS);
    }

    /** An operator action event with this detail, through the edge's parser. */
    void operatorEvent(Map<String, ?> detail) {
        ScheduledEvent event = FailoverEventSamplesTest.operatorEvent(new OperatorAction(ARN_A, true, "x"));
        event.setDetail(new HashMap<>(detail));
        fleet.function.handle(new FailoverEvents("fleet", fleet.clock).parse(event));
    }

    @Test
    void alarmForAnUnapprovedNode_isIgnoredAndCounted() {
        NodeId unapproved = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0dddddddddddddddd");
        fleet.function.onAlarm(FailoverFunctionTest.alarm(heartbeatAlarm(unapproved), T0));

        assertNothingCalled();
        assertEquals(1, ignoredEvents());
    }

    @Test
    void alarmForANodeApprovedInAnotherRegion_isIgnoredAndCannotDrainItsEndpoint() {
        fleet.function.onAlarm(FailoverFunctionTest.alarm(heartbeatAlarm(ARN_US), T0));

        assertNothingCalled();
        assertEquals(64, group.weightOf("i-0cccccccccccccccc"));
        assertEquals(1, ignoredEvents());
    }

    @Test
    void operatorDrainOfANodeApprovedInAnotherRegion_isIgnored() {
        fleet.function.operator(new OperatorAction(ARN_US, true, "maintenance"));

        assertNothingCalled();
        assertEquals(1, ignoredEvents());
    }

    @Test
    void theEndpointDrained_isTheApprovals() {
        fleet.function.onAlarm(FailoverFunctionTest.alarm(heartbeatAlarm(ARN_A), T0));

        assertEquals(0, group.weightOf("i-0aaaaaaaaaaaaaaaa"));
        assertEquals(128, group.weightOf("i-0bbbbbbbbbbbbbbbb"));
        assertEquals(64, group.weightOf("i-0cccccccccccccccc"));
        assertEquals(NodeState.FAILED, store.statuses.get(ARN_A).state());
        assertEquals(new Region("eu-west-1"), store.statuses.get(ARN_A).region());
        assertEquals(List.of(SampleRegistry.CLIENT_CIDR + "->i-0bbbbbbbbbbbbbbbb"), fleet.routesPointedAt);
    }

    @Test
    void anApprovalCannotNameAnotherInstancesEndpointOrAnotherRegion() {
        assertThrows(IllegalArgumentException.class, () -> SampleRegistry.approval(ARN_A, 1, "vpn-a", EU, true,
                "i-0bbbbbbbbbbbbbbbb", List.of()));
        assertThrows(IllegalArgumentException.class, () -> SampleRegistry.approval(ARN_A, 1, "vpn-a",
                new Region("us-east-1"), true, "i-0aaaaaaaaaaaaaaaa", List.of()));
    }

    @Test
    void sweep_syncsAlarmsOfThisRegionsApprovedNodesOnly() {
        fleet.function.sweep();

        assertEquals(List.of(ARN_A, ARN_B), fleet.alarms.synced.stream().map(NodeApproval::node).toList());
    }

    @Test
    void drainWithANewlineInTheReason_makesNoAcceleratorCallAndWritesNothing() {
        Map<String, Object> detail = new HashMap<>(Map.of("node", ARN_A.value(), "action", "drain",
                "reason", "kernel update\nstate=ACTIVE"));

        operatorEvent(detail);

        assertNothingCalled();
        assertEquals(0, group.describes, "not even a read: the event is refused before any call");
        assertEquals(128, group.weightOf("i-0aaaaaaaaaaaaaaaa"));
        assertEquals(1, EmfLines.sum(fleet.log.toString(), FailoverFunction.REFUSED_OPERATOR_ACTIONS));
    }

    @Test
    void operatorEventsThatDoNotValidate_changeNothing() {
        List<Map<String, Object>> details = List.of(
                Map.of("node", ARN_A.value(), "action", "drain", "reason", "x".repeat(OperatorAction.MAX_REASON_CHARS + 1)),
                Map.of("node", ARN_A.value(), "action", "drain", "reason", "tab\there"),
                Map.of("node", ARN_A.value(), "action", "drain", "reason", "line\u2028separator"),
                Map.of("node", ARN_A.value(), "action", "drain", "reason", 7),
                Map.of("action", "drain", "reason", "no node"),
                Map.of("node", List.of(ARN_A.value()), "action", "drain"),
                Map.of("node", "node id; with spaces", "action", "drain"),
                Map.of("node", ARN_A.value(), "action", "reboot"));

        details.forEach(this::operatorEvent);

        assertNothingCalled();
        assertEquals(0, group.describes);
        assertEquals(details.size(), EmfLines.sum(fleet.log.toString(), FailoverFunction.REFUSED_OPERATOR_ACTIONS));
    }

    @Test
    void longestAcceptedReason_isWrittenWithTheRefusalNoteAppended() {
        group.weights = new ArrayList<>(List.of(new EndpointWeight("i-0aaaaaaaaaaaaaaaa", 128, true)));
        String reason = "r".repeat(OperatorAction.MAX_REASON_CHARS);

        fleet.function.operator(new OperatorAction(ARN_A, true, reason));

        assertEquals(128, group.weightOf("i-0aaaaaaaaaaaaaaaa"), "the last active endpoint is never drained");
        assertTrue(store.statuses.get(ARN_A).reason().startsWith("operator: " + reason + "; not drained"));
    }

    @Test
    void drainOfAnEndpointNotInTheGroup_changesNothing() {
        store.approvals.add(SampleRegistry.approval(new NodeId("node-z"), 9, "vpn-z", EU, false, "i-0zzz",
                List.of(Cidr.parse("172.16.0.0/16"))));

        fleet.function.onAlarm(FailoverFunctionTest.alarm("wg-roam/fleet/heartbeat/node-z", T0));

        assertEquals(0, group.updates);
    }
}
