package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.aws.AwsClients;
import dev.wgroam.agent.config.AgentConfig;
import dev.wgroam.agent.config.ConfigParser;
import dev.wgroam.agent.heartbeat.Heartbeat;
import dev.wgroam.agent.heartbeat.HeartbeatSender;
import dev.wgroam.fleet.NodeMetrics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/** The heartbeat as moto's CloudWatch records it: the node's own namespace, its metrics, dimension, values. */
class HeartbeatMotoTest {

    @Test
    void beat_putsItsMetricsUnderTheNodeDimension_inTheNodesOwnNamespace() {
        Map<String, String> raw = new HashMap<>(Map.of(
                "node.id", "node-hb-" + ProcessHandle.current().pid(), "node.name", "vpn-hb", "region", "eu-west-1",
                "backbone.address", "10.99.0.1/32", "backbone.endpoint", "203.0.113.10:51821",
                "metric.namespace", "wg-roam-test", "cloudwatch.endpoint", MotoServer.endpoint().toString()));
        AgentConfig config = ConfigParser.parse(raw);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        String own = NodeMetrics.namespace("wg-roam-test", config.nodeId());
        List<String> metrics = List.of(NodeMetrics.HEARTBEAT, NodeMetrics.APPLY_FAILURES, NodeMetrics.REFUSALS);

        try (AwsClients clients = new AwsClients(config, MotoServer.CREDENTIALS)) {
            Heartbeat heartbeat = new Heartbeat(clients.cloudWatch(), config.metricNamespace(), config.nodeId());
            heartbeat.beat(now, new HeartbeatSender.Counts(2, 5));
            heartbeat.beat(now.plusSeconds(60), HeartbeatSender.Counts.NONE);

            Dimension node = Dimension.builder().name(NodeMetrics.NODE_DIMENSION).value(config.nodeId().value()).build();
            for (String metric : metrics) {
                Metric listed = clients.cloudWatch().listMetrics(r -> r.namespace(own).metricName(metric))
                        .metrics().stream().filter(m -> m.dimensions().contains(node)).findFirst().orElseThrow();
                assertEquals(List.of(node), listed.dimensions(), metric);
            }
            assertTrue(clients.cloudWatch().listMetrics(r -> r.namespace("wg-roam-test")).metrics().stream()
                    .noneMatch(m -> m.dimensions().contains(node)), "nothing in the fleet's own namespace");
            assertEquals(Map.of(NodeMetrics.HEARTBEAT, 2.0, NodeMetrics.APPLY_FAILURES, 2.0, NodeMetrics.REFUSALS, 5.0),
                    sums(clients.cloudWatch(), own, metrics, node, now), "two beats; the counts since the last beat, once");
        }
    }

    /** Each metric's sum around the two beats, read as a dashboard reads it (GetMetricData), by metric name. */
    private static Map<String, Double> sums(CloudWatchClient cloudWatch, String namespace, List<String> metrics,
                                            Dimension node, Instant now) {
        List<MetricDataQuery> queries = metrics.stream()
                .map(metric -> MetricDataQuery.builder().id(Character.toLowerCase(metric.charAt(0)) + metric.substring(1))
                        .label(metric)
                        .metricStat(s -> s.stat("Sum").period(3600).metric(m -> m.namespace(namespace)
                                .metricName(metric).dimensions(node)))
                        .build())
                .toList();
        return cloudWatch.getMetricData(r -> r.metricDataQueries(queries)
                        .startTime(now.minusSeconds(600)).endTime(now.plusSeconds(600)))
                .metricDataResults().stream()
                .collect(Collectors.toMap(MetricDataResult::label,
                        result -> result.values().stream().mapToDouble(Double::doubleValue).sum()));
    }
}
