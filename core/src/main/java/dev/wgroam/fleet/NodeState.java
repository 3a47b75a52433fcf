package dev.wgroam.fleet;

/** What the failover function says of a node. A node with no status item is ACTIVE. */
public enum NodeState {
    /** Serving: may own clients and its region's VPC prefixes. */
    ACTIVE,
    /** Taken out of service by an operator. */
    DRAINED,
    /** Taken out of service by an alarm. */
    FAILED;

    /** Whether the node may win an ownership tie or keep a prefix against a fresher claim. */
    public boolean isActive() {
        return this == ACTIVE;
    }
}
