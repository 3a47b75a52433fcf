package dev.wgroam.agent.heartbeat;

import dev.wgroam.fleet.NodeId;
import java.time.Instant;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes the heartbeat the per-node alarm watches: metric {@value #METRIC} = 1 in the configured
 * namespace, one dimension {@value #NODE_DIMENSION} = the node id. The alarm treats missing data as
 * breaching, so a dead agent, a dead node and a node that cannot reach CloudWatch all alarm. The same
 * call carries {@value #APPLY_FAILURES_METRIC}, the failed applies since the last beat: one request a
 * minute either way, and a 0 every minute keeps its graphs and alarms continuous.
 */
public final class Heartbeat implements HeartbeatSender {

    public static final String METRIC = "Heartbeat";
    public static final String APPLY_FAILURES_METRIC = "ApplyFailures";
    public static final String NODE_DIMENSION = "Node";

    private final CloudWatchClient cloudWatch;
    private final String namespace;
    private final Dimension node;

    public Heartbeat(CloudWatchClient cloudWatch, String namespace, NodeId node) {
        this.cloudWatch = cloudWatch;
        this.namespace = namespace;
        this.node = Dimension.builder().name(NODE_DIMENSION).value(node.value()).build();
    }

    @Override
    public void beat(Instant now, long applyFailures) {
        cloudWatch.putMetricData(r -> r.namespace(namespace).metricData(
                count(METRIC, 1, now),
                count(APPLY_FAILURES_METRIC, applyFailures, now)));
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
