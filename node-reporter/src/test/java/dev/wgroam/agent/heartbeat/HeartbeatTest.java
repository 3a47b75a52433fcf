package dev.wgroam.agent.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.fleet.NodeId;
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
    void beat_sendsTheHeartbeatAndTheApplyFailuresInOneRequest_underTheNodeDimension() {
        RecordingCloudWatch cloudWatch = new RecordingCloudWatch();

        new Heartbeat(cloudWatch, "wg-roam", new NodeId("node-a")).beat(NOW, 3);

        assertEquals(1, cloudWatch.requests.size(), "one call a minute, whatever it carries");
        PutMetricDataRequest request = cloudWatch.requests.get(0);
        assertEquals("wg-roam", request.namespace());
        Map<String, Double> values = request.metricData().stream()
                .collect(Collectors.toMap(MetricDatum::metricName, MetricDatum::value));
        assertEquals(Map.of(Heartbeat.METRIC, 1.0, Heartbeat.APPLY_FAILURES_METRIC, 3.0), values);
        Dimension node = Dimension.builder().name(Heartbeat.NODE_DIMENSION).value("node-a").build();
        for (MetricDatum datum : request.metricData()) {
            assertEquals(List.of(node), datum.dimensions(), datum.metricName());
            assertEquals(NOW, datum.timestamp(), datum.metricName());
            assertEquals(StandardUnit.COUNT, datum.unit(), datum.metricName());
        }
    }

    @Test
    void beat_withoutFailures_stillSendsAZero_soGraphsAndAlarmsStayContinuous() {
        RecordingCloudWatch cloudWatch = new RecordingCloudWatch();

        new Heartbeat(cloudWatch, "wg-roam", new NodeId("node-a")).beat(NOW, 0);

        assertEquals(List.of(0.0), cloudWatch.requests.get(0).metricData().stream()
                .filter(d -> d.metricName().equals(Heartbeat.APPLY_FAILURES_METRIC)).map(MetricDatum::value).toList());
    }
}
