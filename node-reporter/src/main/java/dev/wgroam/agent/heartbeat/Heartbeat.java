package dev.wgroam.agent.heartbeat;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeMetrics;
import java.time.Instant;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes the heartbeat the per-node alarm watches: metric {@value NodeMetrics#HEARTBEAT} = 1 in
 * the node's own namespace ({@link NodeMetrics#namespace}, {@code <fleet namespace>/node/<node id>}),
 * one dimension {@value NodeMetrics#NODE_DIMENSION} = the node id. The node role may put data only
 * into that namespace, so no node can beat for another. The alarm treats missing data as breaching,
 * so a dead agent, a dead node and a node that cannot reach CloudWatch all alarm. The same call
 * carries {@value NodeMetrics#APPLY_FAILURES} and {@value NodeMetrics#REFUSALS}, counted since the last beat:
 * one request a minute either way, and a 0 every minute keeps graphs and alarms continuous.
 */
public final class Heartbeat implements HeartbeatSender {

    private final CloudWatchClient cloudWatch;
    private final String namespace;
    private final Dimension node;

    /** @param fleetNamespace the fleet's namespace ({@code metric.namespace}); the node's own is derived */
    public Heartbeat(CloudWatchClient cloudWatch, String fleetNamespace, NodeId node) {
        this.cloudWatch = cloudWatch;
        this.namespace = NodeMetrics.namespace(fleetNamespace, node);
        this.node = Dimension.builder().name(NodeMetrics.NODE_DIMENSION).value(node.value()).build();
    }

    @Override
    public void beat(Instant now, Counts sinceLastBeat) {
        cloudWatch.putMetricData(r -> r.namespace(namespace).metricData(
                count(NodeMetrics.HEARTBEAT, 1, now),
                count(NodeMetrics.APPLY_FAILURES, sinceLastBeat.applyFailures(), now),
                count(NodeMetrics.REFUSALS, sinceLastBeat.refusals(), now)));
    }

    private MetricDatum count(String metric, long value, Instant now) {
        return MetricDatum.builder()
                .metricName(metric)
                .dimensions(node)
                .timestamp(now)
                .value((double) value)
                .unit(StandardUnit.COUNT)
                .build();
    }
}
