package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.agent.aws.AwsClients;
import dev.wgroam.agent.config.AgentConfig;
import dev.wgroam.agent.config.ConfigParser;
import dev.wgroam.agent.heartbeat.Heartbeat;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** The heartbeat as moto's CloudWatch records it: namespace, metric, dimension, value. */
class HeartbeatMotoTest {

    @Test
    void beat_putsOneDatapointUnderTheNodeDimension() {
        Map<String, String> raw = new HashMap<>(Map.of(
                "node.id", "node-hb-" + ProcessHandle.current().pid(), "node.name", "vpn-hb", "region", "eu-west-1",
                "backbone.address", "10.99.0.1/32", "backbone.endpoint", "203.0.113.10:51821",
                "metric.namespace", "wg-roam-test", "cloudwatch.endpoint", MotoServer.endpoint().toString()));
        AgentConfig config = ConfigParser.parse(raw);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        try (AwsClients clients = new AwsClients(config, MotoServer.CREDENTIALS)) {
            new Heartbeat(clients.cloudWatch(), config.metricNamespace(), config.nodeId()).beat(now);
            new Heartbeat(clients.cloudWatch(), config.metricNamespace(), config.nodeId()).beat(now.plusSeconds(60));

            Dimension node = Dimension.builder().name(Heartbeat.NODE_DIMENSION).value(config.nodeId().value()).build();
            Metric listed = clients.cloudWatch().listMetrics(r -> r.namespace("wg-roam-test").metricName(Heartbeat.METRIC))
                    .metrics().stream().filter(m -> m.dimensions().contains(node)).findFirst().orElseThrow();
            assertEquals(java.util.List.of(node), listed.dimensions());

            double sum = clients.cloudWatch().getMetricStatistics(r -> r.namespace("wg-roam-test")
                            .metricName(Heartbeat.METRIC).dimensions(node)
                            .startTime(now.minusSeconds(600)).endTime(now.plusSeconds(600))
                            .period(3600).statistics(Statistic.SUM))
                    .datapoints().stream().mapToDouble(Datapoint::sum).sum();
            assertEquals(2.0, sum);
        }
    }
}
