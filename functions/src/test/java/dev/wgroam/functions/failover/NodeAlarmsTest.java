package dev.wgroam.functions.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeMetrics;
import dev.wgroam.functions.testing.SampleRegistry;
import dev.wgroam.registry.NodeApproval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmResponse;

/** NodeAlarms against CloudWatch's alarms as a map (moto's CloudWatch is exercised in the test module). */
class NodeAlarmsTest {

    static final NodeId A = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0aaaaaaaaaaaaaaaa");
    static final NodeId B = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0bbbbbbbbbbbbbbbb");

    /** The alarms of one account and region, by name; describe honours the name prefix. */
    static final class FakeCloudWatch implements CloudWatchClient {
        final Map<String, PutMetricAlarmRequest> alarms = new TreeMap<>();

        @Override
        public PutMetricAlarmResponse putMetricAlarm(PutMetricAlarmRequest request) {
            alarms.put(request.alarmName(), request);
            return PutMetricAlarmResponse.builder().build();
        }

        @Override
        public DeleteAlarmsResponse deleteAlarms(DeleteAlarmsRequest request) {
            request.alarmNames().forEach(alarms::remove);
            return DeleteAlarmsResponse.builder().build();
        }

        @Override
        public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest request) {
            List<MetricAlarm> found = new ArrayList<>();
            alarms.forEach((name, alarm) -> {
                if (name.startsWith(request.alarmNamePrefix())) {
                    found.add(MetricAlarm.builder().alarmName(name).namespace(alarm.namespace())
                            .stateValue("OK").build());
                }
            });
            return DescribeAlarmsResponse.builder().metricAlarms(found).build();
        }

        @Override
        public String serviceName() {
            return "monitoring";
        }

        @Override
        public void close() {
        }
    }

    final FakeCloudWatch cloudWatch = new FakeCloudWatch();
    final NodeAlarms alarms = new NodeAlarms(cloudWatch, "fleet", "wg-roam");

    static NodeApproval approval(NodeId node, int n, String endpoint) {
        return SampleRegistry.approval(node, n, "vpn-" + n, FailoverFunctionTest.EU, n == 1, endpoint, List.of());
    }

    @Test
    void heartbeatAlarm_watchesTheNodesOwnNamespace() {
        alarms.sync(List.of(approval(A, 1, "i-0aaaaaaaaaaaaaaaa")));

        PutMetricAlarmRequest heartbeat = cloudWatch.alarms.get("wg-roam/fleet/heartbeat/" + A);
        assertEquals(NodeMetrics.namespace("wg-roam", A), heartbeat.namespace(),
                "only the node's own credentials can put data there");
        assertEquals("wg-roam/node/" + A, heartbeat.namespace());
        assertEquals(NodeMetrics.HEARTBEAT, heartbeat.metricName());
        assertEquals(List.of(Dimension.builder().name(NodeMetrics.NODE_DIMENSION).value(A.value()).build()),
                heartbeat.dimensions());
        assertEquals("breaching", heartbeat.treatMissingData());
        assertEquals("i-0aaaaaaaaaaaaaaaa", cloudWatch.alarms.get("wg-roam/fleet/status-check/" + A).dimensions().get(0).value());
    }

    @Test
    void sync_deletesTheAlarmsOfNodesNoLongerApproved() {
        alarms.sync(List.of(approval(A, 1, "i-0aaaaaaaaaaaaaaaa"), approval(B, 2, "")));
        assertEquals(3, cloudWatch.alarms.size(), "B has no endpoint, so no status-check alarm");

        alarms.sync(List.of(approval(B, 2, "")));

        assertEquals(List.of("wg-roam/fleet/heartbeat/" + B), List.copyOf(cloudWatch.alarms.keySet()));
    }

    @Test
    void nodeOf_readsTheNodeBackFromTheAlarmName() {
        assertEquals(A, alarms.nodeOf("wg-roam/fleet/heartbeat/" + A));
        assertEquals(A, alarms.nodeOf("wg-roam/fleet/status-check/" + A));
        assertEquals(null, alarms.nodeOf("wg-roam/other/heartbeat/" + A));
        assertEquals(null, alarms.nodeOf("wg-roam/fleet/heartbeat/not a node"));
    }
}
