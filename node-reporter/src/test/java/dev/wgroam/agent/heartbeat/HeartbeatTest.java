package dev.wgroam.agent.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/** The request a beat makes, as CloudWatch would receive it. */
class HeartbeatTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    /** Keeps every PutMetricData request; any other call fails as the interface's default does. */
    static final class RecordingCloudWatch implements CloudWatchClient {
        final List<PutMetricDataRequest> requests = new ArrayList<>();

        @Override
        public PutMetricDataResponse putMetricData(PutMetricDataRequest request) {
            requests.add(request);
            return PutMetricDataResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void beat_sendsTheHeartbeatAndTheCountsInOneRequest_intoTheNodesOwnNamespace() {
        RecordingCloudWatch cloudWatch = new RecordingCloudWatch();
        NodeId node = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890");

        new Heartbeat(cloudWatch, "wg-roam", node).beat(NOW, new HeartbeatSender.Counts(3, 2));

        assertEquals(1, cloudWatch.requests.size(), "one call a minute, whatever it carries");
        PutMetricDataRequest request = cloudWatch.requests.get(0);
        assertEquals("wg-roam/node/arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890", request.namespace(),
                "the only namespace the node role may put data into");
        assertEquals(NodeMetrics.namespace("wg-roam", node), request.namespace());
        Map<String, Double> values = request.metricData().stream()
                .collect(Collectors.toMap(MetricDatum::metricName, MetricDatum::value));
        assertEquals(Map.of(NodeMetrics.HEARTBEAT, 1.0, NodeMetrics.APPLY_FAILURES, 3.0, NodeMetrics.REFUSALS, 2.0), values);
        Dimension dimension = Dimension.builder().name(NodeMetrics.NODE_DIMENSION).value(node.value()).build();
        for (MetricDatum datum : request.metricData()) {
            assertEquals(List.of(dimension), datum.dimensions(), datum.metricName());
            assertEquals(NOW, datum.timestamp(), datum.metricName());
            assertEquals(StandardUnit.COUNT, datum.unit(), datum.metricName());
        }
    }

    @Test
    void beat_withoutFailures_stillSendsAZero_soGraphsAndAlarmsStayContinuous() {
        RecordingCloudWatch cloudWatch = new RecordingCloudWatch();

        new Heartbeat(cloudWatch, "wg-roam", new NodeId("node-a")).beat(NOW, HeartbeatSender.Counts.NONE);

        assertEquals(List.of(0.0, 0.0), cloudWatch.requests.get(0).metricData().stream()
                .filter(d -> !d.metricName().equals(NodeMetrics.HEARTBEAT)).map(MetricDatum::value).toList());
    }
}
