package dev.wgroam.fleet;

/**
 * Where a node's own metrics live: a CloudWatch namespace of its own,
 * {@code <fleet namespace>/node/<node id>}. The node role may put metric data only into the
 * namespace named by its own instance ARN ({@code cloudwatch:namespace} in its IAM policy), so no
 * node can keep another's heartbeat alarm quiet, or set it off, with data of its own.
 */
public final class NodeMetrics {

    public static final String HEARTBEAT = "Heartbeat";
    public static final String APPLY_FAILURES = "ApplyFailures";
    /** Owner entries and node records the agent refused to believe, since the last beat. */
    public static final String REFUSALS = "Refusals";
    public static final String NODE_DIMENSION = "Node";

    private NodeMetrics() {
    }

    public static String namespace(String fleetNamespace, NodeId node) {
        return fleetNamespace + "/node/" + node.value();
    }
}
