package dev.wgroam.functions.failover;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.ownership.VpcOwnership;
import dev.wgroam.routes.Cidr;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One node region's failover, end to end. An alarm for a node: drain it from Global Accelerator (or
 * refuse, when it is the last active endpoint), mark it FAILED — which makes the ownership function
 * move its VPC prefixes to the region's standby — and point the VPC route tables' client route at the
 * standby. The scheduled sweep keeps the alarms in line with the node records and restores a FAILED
 * node once its alarms have stayed OK for the hold-down. Events for other fleets or unknown nodes,
 * and repeated or late events, change nothing.
 */
public final class FailoverFunction {

    /** Metric names, in one place. */
    public static final String FAILOVERS = "Failovers";
    public static final String RESTORES = "Restores";
    public static final String REFUSED_DRAINS = "RefusedDrains";
    public static final String IGNORED_EVENTS = "IgnoredEvents";
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
        List<NodeRecord> nodes = regionNodes();
        NodeRecord record = endpointNode(nodes, node, alarmName);
        if (record == null) {
            return;
        }
        if (!"ALARM".equals(state)) {
            telemetry.info("alarm not in ALARM; a restore waits for the hold-down",
                    Map.of("alarm", alarmName, "state", state, "node", node.value()));
            return;
        }
        drain(record, nodes, NodeState.FAILED, "alarm " + alarmName, at);
    }

    /** An operator's drain (DRAINED) or undrain, through the same plan as an alarm's. */
    public void operator(NodeId node, boolean drain, String reason) {
        List<NodeRecord> nodes = regionNodes();
        NodeRecord record = endpointNode(nodes, node, node.value());
        if (record == null) {
            return;
        }
        Instant now = clock.instant();
        if (drain) {
            drain(record, nodes, NodeState.DRAINED, "operator: " + reason, now);
            return;
        }
        NodeStatus status = store.status(node);
        if (plan.restore(record.gaEndpointId(), status, accelerator(group::describe), null, now)
                instanceof FailoverPlan.Action.Restore restore) {
            setWeights(restore.weights());
            putStatus(record, NodeState.ACTIVE, "operator: " + reason, now, status.restoreWeight());
            telemetry.info("node undrained", Map.of("node", node.value()));
        }
    }

    private void drain(NodeRecord record, List<NodeRecord> nodes, NodeState target, String reason, Instant at) {
        NodeId node = record.node();
        NodeStatus current = store.status(node);
        List<EndpointWeight> weightsNow = accelerator(group::describe);
        Map<String, NodeState> states = endpointStates(nodes);
        FailoverPlan.Action action = plan.drain(record.gaEndpointId(), current, weightsNow, states, target);
        switch (action) {
            case FailoverPlan.Action.Drain drain -> {
                setWeights(drain.weights());
                putStatus(record, target, reason, at, drain.restoreWeight());
                int routes = moveVpcRoutes(record, nodes, states);
                telemetry.warn("node drained", Map.of("node", node.value(), "reason", reason, "routesMoved", routes));
                telemetry.metrics(Map.of(FAILOVERS, 1), Map.of());
            }
            case FailoverPlan.Action.Refuse refuse -> {
                int weight = weightsNow.stream().filter(e -> e.endpointId().equals(record.gaEndpointId()))
                        .mapToInt(EndpointWeight::weight).findFirst().orElse(0);
                putStatus(record, target, reason + "; not drained: last active endpoint", at, weight);
                telemetry.error("drain refused", Map.of("node", node.value(), "why", refuse.why()));
                telemetry.metrics(Map.of(REFUSED_DRAINS, 1), Map.of());
            }
            case FailoverPlan.Action.Nothing nothing -> telemetry.info("nothing to do",
                    Map.of("node", node.value(), "why", nothing.why()));
            case FailoverPlan.Action.Restore restore -> throw new IllegalStateException("a drain never restores");
        }
    }

    /** The scheduled sweep: alarms in line with the node records; FAILED nodes restored after the hold-down. */
    public void sweep() {
        List<NodeRecord> nodes = regionNodes();
        alarms.sync(nodes);
        Instant now = clock.instant();
        for (NodeRecord record : nodes) {
            NodeStatus status = store.status(record.node());
            // Only alarms' failures end by themselves; an operator's DRAINED waits for an undrain.
            if (status == null || status.state() != NodeState.FAILED || record.gaEndpointId().isEmpty()) {
                continue;
            }
            FailoverPlan.Action action = plan.restore(record.gaEndpointId(), status, accelerator(group::describe),
                    alarms.okSince(record.node()), now);
            if (action instanceof FailoverPlan.Action.Restore restore) {
                setWeights(restore.weights());
                putStatus(record, NodeState.ACTIVE, "restored: alarms OK for the hold-down", now, status.restoreWeight());
                telemetry.info("node restored", Map.of("node", record.node().value()));
                telemetry.metrics(Map.of(RESTORES, 1), Map.of());
            }
        }
    }

    /**
     * The record of an event's node; null, and the event counted as ignored, when the node is not one
     * of this fleet and region with an accelerator endpoint.
     */
    private NodeRecord endpointNode(List<NodeRecord> nodes, NodeId node, String subject) {
        NodeRecord record = node == null ? null
                : nodes.stream().filter(n -> n.node().equals(node)).findFirst().orElse(null);
        if (record == null || record.gaEndpointId().isEmpty()) {
            ignored("no node of this fleet and region with an accelerator endpoint", subject);
            return null;
        }
        return record;
    }

    /** Writes the node's status item, of which this function is the only writer. */
    private void putStatus(NodeRecord record, NodeState state, String reason, Instant since, int restoreWeight) {
        store.put(new NodeStatus(record.node(), record.nodeName(), region, state, reason, since, restoreWeight));
    }

    private void setWeights(List<EndpointWeight> weights) {
        accelerator(() -> {
            group.update(weights);
            return null;
        });
    }

    /** A Global Accelerator call; a failure is counted and rethrown, so the event is retried. */
    private <T> T accelerator(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            telemetry.error("Global Accelerator call failed", Map.of("error", String.valueOf(e)));
            telemetry.metrics(Map.of(ACCELERATOR_ERRORS, 1), Map.of());
            throw e;
        }
    }

    private List<NodeRecord> regionNodes() {
        return store.nodes().stream().filter(n -> n.region().equals(region)).toList();
    }

    private Map<String, NodeState> endpointStates(List<NodeRecord> nodes) {
        Map<NodeId, NodeState> byNode = new HashMap<>();
        store.statuses().forEach(s -> byNode.put(s.node(), s.state()));
        Map<String, NodeState> byEndpoint = new LinkedHashMap<>();
        nodes.forEach(n -> byEndpoint.put(n.gaEndpointId(), byNode.getOrDefault(n.node(), NodeState.ACTIVE)));
        return byEndpoint;
    }

    /**
     * Points the VPC's client route at a standby of the same VPC: the configured primary first.
     * {@code states} are those the drain was decided on; the failed node's own is not consulted.
     */
    private int moveVpcRoutes(NodeRecord failed, List<NodeRecord> nodes, Map<String, NodeState> states) {
        if (failed.vpcPrefixes().isEmpty()) {
            return 0;
        }
        Map<NodeId, NodeRecord> sameVpc = new HashMap<>();
        nodes.stream()
                .filter(n -> !n.node().equals(failed.node()) && !n.gaEndpointId().isEmpty())
                .filter(n -> n.vpcPrefixes().stream().anyMatch(failed.vpcPrefixes()::contains))
                .forEach(n -> sameVpc.put(n.node(), n));
        return VpcOwnership.preferred(sameVpc.values().stream()
                        .map(n -> new VpcOwnership.Candidate(n.node(), n.nodeName(),
                                states.getOrDefault(n.gaEndpointId(), NodeState.ACTIVE), n.vpcPrimary()))
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
