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
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One node region's failover, end to end. An alarm for a node: drain it from Global Accelerator (or
 * refuse, when it is the last active endpoint), mark it FAILED — which makes the ownership function
 * move its VPC prefixes to the region's standby — and point the VPC route tables' client route at the
 * standby. The scheduled sweep keeps the alarms in line with the approvals and restores a FAILED
 * node once its alarms have stayed OK for the hold-down.
 *
 * <p>Which nodes there are, their region, accelerator endpoint and VPC CIDRs come only from the
 * operator's approvals: an event for a node not approved in this region is counted and ignored, so
 * nothing a node writes can make this function drain another node's endpoint. Every input is
 * checked, and the status to write built, before the first Global Accelerator call, so a drain that
 * could not be recorded never leaves an endpoint at weight 0. Events for other fleets, and repeated
 * or late events, change nothing.
 */
public final class FailoverFunction {

    /** Metric names, in one place. */
    public static final String FAILOVERS = "Failovers";
    public static final String RESTORES = "Restores";
    public static final String REFUSED_DRAINS = "RefusedDrains";
    /** Alarms and operator actions about no node approved in this region with an accelerator endpoint. */
    public static final String IGNORED_EVENTS = "IgnoredEvents";
    /** Operator action events whose detail does not validate; nothing is done for them. */
    public static final String REFUSED_OPERATOR_ACTIONS = "RefusedOperatorActions";
    public static final String ACCELERATOR_ERRORS = "GlobalAcceleratorErrors";

    private final Region region;
    private final FailoverStore store;
    private final EndpointGroup group;
    private final Alarms alarms;
    private final BiFunction<Cidr, String, Integer> pointClientRoutesAt;
    private final Cidr clientCidr;
    private final FailoverPlan plan;
    private final Telemetry telemetry;
    private final Clock clock;

    /**
     * @param pointClientRoutesAt points the route tables' route for the client CIDR at an instance;
     *                            returns how many routes changed
     */
    public FailoverFunction(Region region, FailoverStore store, EndpointGroup group, Alarms alarms,
                            BiFunction<Cidr, String, Integer> pointClientRoutesAt, Cidr clientCidr, FailoverPlan plan,
                            Telemetry telemetry, Clock clock) {
        this.region = region;
        this.store = store;
        this.group = group;
        this.alarms = alarms;
        this.pointClientRoutesAt = pointClientRoutesAt;
        this.clientCidr = clientCidr;
        this.plan = plan;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /** A "CloudWatch Alarm State Change" event. Only ALARM acts; OK waits for the sweep's hold-down. */
    public void onAlarm(String alarmName, String state, Instant at) {
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
        if (!"ALARM".equals(state)) {
            telemetry.info("alarm not in ALARM; a restore waits for the hold-down",
                    Map.of("alarm", alarmName, "state", state, "node", node.value()));
            return;
        }
        drain(approval, approvals, NodeState.FAILED, "alarm " + alarmName, at);
    }

    /**
     * An operator action event's detail: validated first ({@link OperatorAction#fromDetail}); one that
     * does not validate is counted and logged, and nothing is called.
     */
    public void operatorEvent(Map<String, ?> detail) {
        OperatorAction action;
        try {
            action = OperatorAction.fromDetail(detail);
        } catch (IllegalArgumentException e) {
            telemetry.error("operator action refused, nothing done", Map.of("why", e.getMessage()));
            telemetry.metrics(Map.of(REFUSED_OPERATOR_ACTIONS, 1), Map.of());
            return;
        }
        operator(action);
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
            NodeStatus active = status(approval, NodeState.ACTIVE, reason, now, status.restoreWeight());
            setWeights(restore.weights());
            store.put(active);
            telemetry.info("node undrained", Map.of("node", node.value()));
        }
    }

    private void drain(NodeApproval approval, List<NodeApproval> approvals, NodeState target, String reason, Instant at) {
        NodeId node = approval.node();
        NodeStatus current = store.status(node);
        List<EndpointWeight> weightsNow = accelerator(group::describe);
        Map<String, NodeState> states = endpointStates(approvals);
        FailoverPlan.Action action = plan.drain(approval.gaEndpointId(), current, weightsNow, states, target);
        switch (action) {
            case FailoverPlan.Action.Drain drain -> {
                NodeStatus drained = status(approval, target, reason, at, drain.restoreWeight());
                setWeights(drain.weights());
                store.put(drained);
                int routes = moveVpcRoutes(approval, approvals, states);
                telemetry.warn("node drained", Map.of("node", node.value(), "reason", reason, "routesMoved", routes));
                telemetry.metrics(Map.of(FAILOVERS, 1), Map.of());
            }
            case FailoverPlan.Action.Refuse refuse -> {
                int weight = weightsNow.stream().filter(e -> e.endpointId().equals(approval.gaEndpointId()))
                        .mapToInt(EndpointWeight::weight).findFirst().orElse(0);
                store.put(status(approval, target, reason + "; not drained: last active endpoint", at, weight));
                telemetry.error("drain refused", Map.of("node", node.value(), "why", refuse.why()));
                telemetry.metrics(Map.of(REFUSED_DRAINS, 1), Map.of());
            }
            case FailoverPlan.Action.Nothing nothing -> telemetry.info("nothing to do",
                    Map.of("node", node.value(), "why", nothing.why()));
            case FailoverPlan.Action.Restore restore -> throw new IllegalStateException("a drain never restores");
        }
    }

    /** The scheduled sweep: alarms in line with the approvals; FAILED nodes restored after the hold-down. */
    public void sweep() {
        List<NodeApproval> approvals = regionApprovals();
        alarms.sync(approvals);
        Instant now = clock.instant();
        for (NodeApproval approval : approvals) {
            NodeStatus status = store.status(approval.node());
            // Only alarms' failures end by themselves; an operator's DRAINED waits for an undrain.
            if (status == null || status.state() != NodeState.FAILED || approval.gaEndpointId().isEmpty()) {
                continue;
            }
            FailoverPlan.Action action = plan.restore(approval.gaEndpointId(), status, accelerator(group::describe),
                    alarms.okSince(approval.node()), now);
            if (action instanceof FailoverPlan.Action.Restore restore) {
                NodeStatus active = status(approval, NodeState.ACTIVE, "restored: alarms OK for the hold-down", now,
                        status.restoreWeight());
                setWeights(restore.weights());
                store.put(active);
                telemetry.info("node restored", Map.of("node", approval.node().value()));
                telemetry.metrics(Map.of(RESTORES, 1), Map.of());
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
    private NodeStatus status(NodeApproval approval, NodeState state, String reason, Instant since, int restoreWeight) {
        return new NodeStatus(approval.node(), approval.name(), region, state, reason, since, restoreWeight);
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

    private Map<String, NodeState> endpointStates(List<NodeApproval> approvals) {
        Map<NodeId, NodeState> byNode = new HashMap<>();
        store.statuses().forEach(s -> byNode.put(s.node(), s.state()));
        Map<String, NodeState> byEndpoint = new LinkedHashMap<>();
        approvals.stream().filter(a -> !a.gaEndpointId().isEmpty())
                .forEach(a -> byEndpoint.put(a.gaEndpointId(), byNode.getOrDefault(a.node(), NodeState.ACTIVE)));
        return byEndpoint;
    }

    /**
     * Points the VPC's client route at a standby approved for the same VPC: the configured primary
     * first. {@code states} are those the drain was decided on; the failed node's own is not consulted.
     */
    private int moveVpcRoutes(NodeApproval failed, List<NodeApproval> approvals, Map<String, NodeState> states) {
        if (failed.vpcCidrs().isEmpty()) {
            return 0;
        }
        Map<NodeId, NodeApproval> sameVpc = new HashMap<>();
        approvals.stream()
                .filter(a -> !a.node().equals(failed.node()) && !a.gaEndpointId().isEmpty())
                .filter(a -> a.vpcCidrs().stream().anyMatch(failed.vpcCidrs()::contains))
                .forEach(a -> sameVpc.put(a.node(), a));
        return VpcOwnership.preferred(sameVpc.values().stream()
                        .map(a -> VpcOwnership.Candidate.of(a, states.getOrDefault(a.gaEndpointId(), NodeState.ACTIVE)))
                        .toList())
                .map(standby -> pointClientRoutesAt.apply(clientCidr, sameVpc.get(standby.node()).gaEndpointId()))
                .orElseGet(() -> {
                    telemetry.error("no standby for the VPC of a failed node", Map.of("node", failed.node().value()));
                    return 0;
                });
    }

    private void ignored(String why, String subject) {
        telemetry.info("event ignored: " + why, Map.of("subject", subject));
        telemetry.metrics(Map.of(IGNORED_EVENTS, 1), Map.of());
    }
}
