package dev.wgroam.functions.failover;

import dev.wgroam.aws.accelerator.EndpointGroup;
import dev.wgroam.aws.accelerator.EndpointWeight;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.operator.OperatorAction;
import dev.wgroam.ownership.VpcOwnership;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One node region's failover, end to end. An alarm for a node: drain it from Global Accelerator (or
 * refuse, when it is the last active endpoint), mark it FAILED — which makes the ownership function
 * move its VPC prefixes to the region's standby — and point the VPC route tables' client route at the
 * standby. The scheduled sweep keeps the alarms in line with the approvals, drains a node whose
 * alarm is in ALARM while its status says ACTIVE (so a lost ALARM event is healed within a minute)
 * and restores a FAILED node once its alarms have stayed OK for the hold-down.
 *
 * <p>Which nodes there are, their region, accelerator endpoint and VPC CIDRs come only from the
 * operator's approvals: an event for a node not approved in this region is counted and ignored, so
 * nothing a node writes can make this function drain another node's endpoint. Every input is
 * checked, and the status to write built, before the first Global Accelerator call, so a drain that
 * could not be recorded never leaves an endpoint at weight 0. Events for other fleets, and repeated
 * or late events, change nothing. Every event arrives parsed ({@link FailoverEvent}); what is not
 * an alarm state change, an operator action or this function's sweep is counted and ignored.
 */
public final class FailoverFunction {

    /** Metric names, in one place. */
    public static final String FAILOVERS = "Failovers";
    public static final String RESTORES = "Restores";
    public static final String REFUSED_DRAINS = "RefusedDrains";
    /**
     * Events nothing is done for: alarms of other fleets, alarms and operator actions about no node
     * approved in this region with an accelerator endpoint, and every event of another shape.
     */
    public static final String IGNORED_EVENTS = "IgnoredEvents";
    /** Operator action events whose detail does not validate; nothing is done for them. */
    public static final String REFUSED_OPERATOR_ACTIONS = "RefusedOperatorActions";
    public static final String ACCELERATOR_ERRORS = "GlobalAcceleratorErrors";

    private final Region region;
    private final FailoverStore store;
    private final EndpointGroup group;
    private final Alarms alarms;
    private final RouteTables routeTables;
    private final Cidr clientCidr;
    private final FailoverPlan plan;
    private final Telemetry telemetry;
    private final Clock clock;

    /** @param clientCidr the destination whose route {@code routeTables} point at a failed node's standby */
    public FailoverFunction(Region region, FailoverStore store, EndpointGroup group, Alarms alarms,
                            RouteTables routeTables, Cidr clientCidr, FailoverPlan plan, Telemetry telemetry, Clock clock) {
        this.region = region;
        this.store = store;
        this.group = group;
        this.alarms = alarms;
        this.routeTables = routeTables;
        this.clientCidr = clientCidr;
        this.plan = plan;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    public void handle(FailoverEvent event) {
        switch (event) {
            case FailoverEvent.AlarmStateChange change -> onAlarm(change);
            case FailoverEvent.OperatorActionEvent action -> operator(action.action());
            case FailoverEvent.RefusedOperatorAction refused -> {
                telemetry.error("operator action refused, nothing done", Map.of("why", refused.why()));
                telemetry.metrics(Map.of(REFUSED_OPERATOR_ACTIONS, 1), Map.of());
            }
            case FailoverEvent.ScheduledSweep sweep -> sweep();
            case FailoverEvent.Ignored ignored -> ignored(ignored.why(), ignored.subject());
        }
    }

    /** Only ALARM acts; OK waits for the sweep's hold-down. */
    public void onAlarm(FailoverEvent.AlarmStateChange change) {
        String alarmName = change.alarmName();
        NodeId node = alarms.nodeOf(alarmName);
        if (node == null) {
            ignored("not an alarm of this fleet's nodes", alarmName);
            return;
        }
        List<NodeApproval> approvals = regionApprovals();
        NodeApproval approval = endpointNode(approvals, node, alarmName);
        if (approval == null) {
            return;
        }
        if (change.state() != AlarmState.ALARM) {
            telemetry.info("alarm not in ALARM; a restore waits for the hold-down",
                    Map.of("alarm", alarmName, "state", change.state().name(), "node", node.value()));
            return;
        }
        drain(approval, approvals, NodeState.FAILED, "alarm " + alarmName, change.at());
    }

    /** An operator's drain (DRAINED) or undrain, through the same plan as an alarm's. */
    public void operator(OperatorAction action) {
        NodeId node = action.node();
        List<NodeApproval> approvals = regionApprovals();
        NodeApproval approval = endpointNode(approvals, node, node.value());
        if (approval == null) {
            return;
        }
        Instant now = clock.instant();
        String reason = "operator: " + action.reason();
        if (action.drain()) {
            drain(approval, approvals, NodeState.DRAINED, reason, now);
            return;
        }
        NodeStatus status = store.status(node);
        if (plan.restore(approval.gaEndpointId(), status, accelerator(group::describe), null, now)
                instanceof FailoverPlan.Action.Restore restore) {
            NodeStatus active = status(approval, NodeState.ACTIVE, reason, now, status.restoreWeight(),
                    status.restoreWeight());
            setWeights(restore.weights());
            store.put(active);
            telemetry.info("node undrained", Map.of("node", node.value()));
        }
    }

    private void drain(NodeApproval approval, List<NodeApproval> approvals, NodeState target, String reason, Instant at) {
        NodeId node = approval.node();
        NodeStatus current = store.status(node);
        List<EndpointWeight> weightsNow = accelerator(group::describe);
        Map<NodeId, NodeState> states = nodeStates();
        FailoverPlan.Action action = plan.drain(approval.gaEndpointId(), current, weightsNow,
                endpointStates(approvals, states));
        switch (action) {
            case FailoverPlan.Action.Drain drain -> {
                NodeStatus drained = status(approval, target, reason, at, drain.restoreWeight(), 0);
                setWeights(drain.weights());
                store.put(drained);
                states.put(node, target);
                int routes = moveVpcRoutes(approval, approvals, states);
                telemetry.warn("node drained", Map.of("node", node.value(), "reason", reason, "routesMoved", routes));
                telemetry.metrics(Map.of(FAILOVERS, 1), Map.of());
            }
            case FailoverPlan.Action.Refuse refuse -> {
                int weight = weightsNow.stream().filter(e -> e.endpointId().equals(approval.gaEndpointId()))
                        .mapToInt(EndpointWeight::weight).findFirst().orElse(0);
                store.put(status(approval, target, reason + "; not drained: last active endpoint", at, weight, weight));
                telemetry.error("drain refused", Map.of("node", node.value(), "why", refuse.why()));
                telemetry.metrics(Map.of(REFUSED_DRAINS, 1), Map.of());
            }
            case FailoverPlan.Action.Nothing nothing -> telemetry.info("nothing to do",
                    Map.of("node", node.value(), "why", nothing.why()));
            case FailoverPlan.Action.Restore restore -> throw new IllegalStateException("a drain never restores");
        }
    }

    /**
     * The scheduled sweep: alarms and statuses in line with the approvals (a retired node's go); a
     * node whose alarm is in ALARM while its status says ACTIVE drained (its ALARM event was lost);
     * FAILED nodes restored after the hold-down.
     */
    public void sweep() {
        List<NodeApproval> approvals = regionApprovals();
        alarms.sync(approvals);
        forgetRetiredStatuses(approvals);
        Instant now = clock.instant();
        for (NodeApproval approval : approvals) {
            NodeStatus status = store.status(approval.node());
            if (approval.gaEndpointId().isEmpty()) {
                continue;
            }
            if (status == null || status.state().isActive()) {
                alarms.firing(approval.node()).ifPresent(alarm ->
                        drain(approval, approvals, NodeState.FAILED, "alarm " + alarm + " (found by the sweep)", now));
                continue;
            }
            // Only alarms' failures end by themselves; an operator's DRAINED waits for an undrain.
            if (status.state() != NodeState.FAILED) {
                continue;
            }
            FailoverPlan.Action action = plan.restore(approval.gaEndpointId(), status, accelerator(group::describe),
                    alarms.okSince(approval.node()), now);
            if (action instanceof FailoverPlan.Action.Restore restore) {
                NodeStatus active = status(approval, NodeState.ACTIVE, "restored: alarms OK for the hold-down", now,
                        status.restoreWeight(), status.restoreWeight());
                setWeights(restore.weights());
                store.put(active);
                telemetry.info("node restored", Map.of("node", approval.node().value()));
                telemetry.metrics(Map.of(RESTORES, 1), Map.of());
            }
        }
    }

    /** Deletes this region's status items of nodes not approved in it (an operator's node remove). */
    private void forgetRetiredStatuses(List<NodeApproval> approvals) {
        Set<NodeId> approved = approvals.stream().map(NodeApproval::node).collect(Collectors.toSet());
        for (NodeStatus status : store.statuses()) {
            if (status.region().equals(region) && !approved.contains(status.node())) {
                store.delete(status.node());
                telemetry.info("status of a node no longer approved deleted",
                        Map.of("node", status.node().value(), "state", status.state().name()));
            }
        }
    }

    /**
     * The approval of an event's node; null, and the event counted as ignored, when the node is not
     * approved in this region with an accelerator endpoint.
     */
    private NodeApproval endpointNode(List<NodeApproval> approvals, NodeId node, String subject) {
        NodeApproval approval = approvals.stream().filter(a -> a.node().equals(node)).findFirst().orElse(null);
        if (approval == null) {
            ignored("no node approved in " + region + " with this id", subject);
            return null;
        }
        if (approval.gaEndpointId().isEmpty()) {
            ignored("the node is approved without an accelerator endpoint", subject);
            return null;
        }
        return approval;
    }

    /** The node's status item, of which this function is the only writer; built (and so checked) before any call. */
    private NodeStatus status(NodeApproval approval, NodeState state, String reason, Instant since, int restoreWeight,
                              int weight) {
        return new NodeStatus(approval.node(), approval.name(), region, state, reason, since, restoreWeight, weight);
    }

    private void setWeights(List<EndpointWeight> weights) {
        accelerator(() -> {
            group.update(weights);
            return null;
        });
    }

    /** A Global Accelerator call; a failure is counted and rethrown, so the event is retried. */
    private <T> T accelerator(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            telemetry.error("Global Accelerator call failed", Map.of("error", String.valueOf(e)));
            telemetry.metrics(Map.of(ACCELERATOR_ERRORS, 1), Map.of());
            throw e;
        }
    }

    /** The believed approvals of this region's nodes; a node approved elsewhere is none of this function's. */
    private List<NodeApproval> regionApprovals() {
        Registry registry = store.registry();
        return registry.approvals().values().stream().filter(a -> a.region().equals(region)).toList();
    }

    /** Every node's state by its status item (absent = ACTIVE); a copy the caller may change. */
    private Map<NodeId, NodeState> nodeStates() {
        Map<NodeId, NodeState> byNode = new HashMap<>();
        store.statuses().forEach(s -> byNode.put(s.node(), s.state()));
        return byNode;
    }

    private static Map<String, NodeState> endpointStates(List<NodeApproval> approvals, Map<NodeId, NodeState> byNode) {
        Map<String, NodeState> byEndpoint = new LinkedHashMap<>();
        approvals.stream().filter(a -> !a.gaEndpointId().isEmpty())
                .forEach(a -> byEndpoint.put(a.gaEndpointId(), byNode.getOrDefault(a.node(), NodeState.ACTIVE)));
        return byEndpoint;
    }

    /**
     * Points the VPC's client route at the standby the ownership function gives the failed node's VPC
     * prefixes ({@link VpcOwnership#standby}), so routes and prefix owners agree. {@code states} are
     * those the drain was decided on, with the failed node's new state.
     */
    private int moveVpcRoutes(NodeApproval failed, List<NodeApproval> approvals, Map<NodeId, NodeState> states) {
        if (failed.vpcCidrs().isEmpty()) {
            return 0;
        }
        VpcOwnership.Candidate standby = VpcOwnership.standby(failed.vpcCidrs(), approvals, states).orElse(null);
        if (standby == null) {
            telemetry.error("no standby for the VPC of a failed node", Map.of("node", failed.node().value()));
            return 0;
        }
        NodeApproval approval = approvals.stream().filter(a -> a.node().equals(standby.node())).findFirst().orElseThrow();
        String instance = approval.gaEndpointId().isEmpty()
                ? NodeApproval.impliedBy(approval.node()).gaEndpointId() : approval.gaEndpointId();
        if (instance.isEmpty()) {
            telemetry.error("the standby of a failed node's VPC is no instance; routes not moved",
                    Map.of("node", failed.node().value(), "standby", standby.node().value()));
            return 0;
        }
        return routeTables.pointAt(clientCidr, instance);
    }

    private void ignored(String why, String subject) {
        telemetry.info("event ignored: " + why, Map.of("subject", subject));
        telemetry.metrics(Map.of(IGNORED_EVENTS, 1), Map.of());
    }
}
