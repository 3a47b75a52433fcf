package dev.wgroam.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * The failover function's word on one node: its state, why (the alarm name, or the operator's
 * reason), since when, the Global Accelerator weight to restore when it is back, and the weight
 * it left the node's endpoint at.
 *
 * @param weight the endpoint's weight as the function left it: 0 once drained, so no new flow
 *               reaches the node; unchanged when a drain was refused (the last active endpoint)
 */
public record NodeStatus(NodeId node, NodeName nodeName, Region region, NodeState state, String reason,
                         Instant since, int restoreWeight, int weight) {

    public NodeStatus {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        checkReason(reason);
        checkWeight(restoreWeight);
        checkWeight(weight);
    }

    /**
     * Whether the node's clients should leave it: out of service and no new flow comes to it, so
     * a client that starts a new flow lands on another node. Never for a refused drain.
     */
    public boolean steeredAway() {
        return !state.isActive() && weight == 0;
    }

    public static String checkReason(String reason) {
        if (reason.length() > 1024 || reason.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a status reason is one line of at most 1024 characters");
        }
        return reason;
    }

    public static int checkWeight(int weight) {
        if (weight < 0 || weight > 255) {
            throw new IllegalArgumentException("Global Accelerator weight out of range 0-255: " + weight);
        }
        return weight;
    }
}
