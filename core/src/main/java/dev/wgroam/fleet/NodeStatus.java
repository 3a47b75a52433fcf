package dev.wgroam.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * The failover function's word on one node: its state, why (the alarm name, or the operator's
 * reason), since when, and the Global Accelerator weight to restore when it is back.
 */
public record NodeStatus(NodeId node, NodeName nodeName, Region region, NodeState state, String reason,
                         Instant since, int restoreWeight) {

    public NodeStatus {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        checkReason(reason);
        checkWeight(restoreWeight);
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
