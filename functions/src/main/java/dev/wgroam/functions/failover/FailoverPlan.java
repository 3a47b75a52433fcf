package dev.wgroam.functions.failover;

import dev.wgroam.aws.accelerator.EndpointWeight;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What to do about one node, a pure function (DESIGN.md, "Failover"). Drain: weight 0 for its
 * endpoint, every other endpoint sent with its current weight, status FAILED (or DRAINED) with the
 * weight to restore. Never drain the last endpoint that is ACTIVE with a weight above 0: with none
 * left, Global Accelerator fails open to a random endpoint. Restore: only once the alarm has been OK
 * for the whole hold-down, so a flapping alarm cannot make weights flap; the original weight returns.
 */
public final class FailoverPlan {

    /** The decision, with everything the adapters need to carry it out. */
    public sealed interface Action {
        /** Nothing to do: already in that state, an unknown node, or the hold-down is not over. */
        record Nothing(String why) implements Action {
        }

        /** Set these weights (the full list); the status written keeps {@code restoreWeight}. */
        record Drain(List<EndpointWeight> weights, int restoreWeight) implements Action {
        }

        /** Draining would leave no active endpoint: keep the weights, write the status, alarm. */
        record Refuse(String why) implements Action {
        }

        /** Put the original weight back (the full list) and mark the node ACTIVE. */
        record Restore(List<EndpointWeight> weights) implements Action {
        }
    }

    private final Duration holdDown;

    public FailoverPlan(Duration holdDown) {
        this.holdDown = holdDown;
    }

    /**
     * @param endpointId the node's Global Accelerator endpoint id
     * @param current    the node's status item; null when it has none (ACTIVE)
     * @param group      every endpoint of the group with its current weight
     * @param states     the state of every other endpoint's node, by endpoint id (absent = ACTIVE)
     */
    public Action drain(String endpointId, NodeStatus current, List<EndpointWeight> group,
                        Map<String, NodeState> states) {
        if (current != null && !current.state().isActive()) {
            return new Action.Nothing("already " + current.state());
        }
        EndpointWeight mine = group.stream().filter(e -> e.endpointId().equals(endpointId)).findFirst().orElse(null);
        if (mine == null) {
            return new Action.Nothing("endpoint " + endpointId + " is not in the endpoint group");
        }
        boolean anotherServes = group.stream().anyMatch(e -> !e.endpointId().equals(endpointId) && e.weight() > 0
                && states.getOrDefault(e.endpointId(), NodeState.ACTIVE).isActive());
        if (!anotherServes) {
            return new Action.Refuse("endpoint " + endpointId + " is the last active endpoint with weight > 0;"
                    + " Global Accelerator would fail open to a random endpoint");
        }
        List<EndpointWeight> weights = group.stream()
                .map(e -> e.endpointId().equals(endpointId) ? e.withWeight(0) : e)
                .toList();
        return new Action.Drain(weights, mine.weight());
    }

    /**
     * @param alarmOkSince when the node's alarm last turned OK; null while it is not OK
     */
    public Action restore(String endpointId, NodeStatus current, List<EndpointWeight> group, Instant alarmOkSince,
                          Instant now) {
        if (current == null || current.state().isActive()) {
            return new Action.Nothing("not drained");
        }
        if (current.state() == NodeState.FAILED
                && (alarmOkSince == null || alarmOkSince.isBefore(current.since())
                    || now.isBefore(alarmOkSince.plus(holdDown)))) {
            return new Action.Nothing("alarm not OK for the whole hold-down of " + holdDown);
        }
        if (group.stream().noneMatch(e -> e.endpointId().equals(endpointId))) {
            return new Action.Nothing("endpoint " + endpointId + " is not in the endpoint group");
        }
        return new Action.Restore(group.stream()
                .map(e -> e.endpointId().equals(endpointId) ? e.withWeight(current.restoreWeight()) : e)
                .toList());
    }
}
