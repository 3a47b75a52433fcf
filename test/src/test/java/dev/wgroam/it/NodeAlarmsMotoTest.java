package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.aws.FunctionClients;
import dev.wgroam.functions.failover.NodeAlarms;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** The per-node alarms as moto's CloudWatch keeps them: created, mapped back to their node, swept. */
class NodeAlarmsMotoTest {

    final CloudWatchClient cloudWatch = new FunctionClients(MotoServer.CREDENTIALS, MotoServer.endpoint())
            .build(CloudWatchClient.builder(), "eu-west-1");
    final NodeAlarms alarms = new NodeAlarms(cloudWatch, "fleet-" + UUID.randomUUID(), "wg-roam");

    static NodeRecord node(String instance) {
        byte[] key = new byte[32];
        key[0] = (byte) instance.length();
        key[1] = (byte) instance.charAt(instance.length() - 1);
        return new NodeRecord(new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/" + instance), new NodeName("vpn-" + instance),
                new Region("eu-west-1"), PeerKey.of(key), Cidr.parse("10.99.0.1/32"), Endpoint.parse("203.0.113.1:51821"),
                List.of(), false, instance, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), "0.1.0",
                AppliedRoutes.NONE);
    }

    private Set<String> names() {
        return alarms.existing().stream().map(MetricAlarm::alarmName).collect(Collectors.toSet());
    }

    @Test
    void sync_createsTwoAlarmsPerNode_mapsThemBack_andDeletesThoseOfGoneNodes() {
        NodeRecord a = node("i-0aaaaaaaaaaaaaaa1");
        NodeRecord b = node("i-0bbbbbbbbbbbbbbb2");

        alarms.sync(List.of(a, b));
        alarms.sync(List.of(a, b));

        assertEquals(Set.of(alarms.prefix() + "heartbeat/" + a.node(), alarms.prefix() + "status-check/" + a.node(),
                alarms.prefix() + "heartbeat/" + b.node(), alarms.prefix() + "status-check/" + b.node()), names());
        MetricAlarm heartbeat = alarms.existing().stream()
                .filter(m -> m.alarmName().equals(alarms.prefix() + "heartbeat/" + a.node())).findFirst().orElseThrow();
        assertEquals("breaching", heartbeat.treatMissingData());
        assertEquals(a.node().value(), heartbeat.dimensions().get(0).value());
        assertEquals(a.node(), alarms.nodeOf(heartbeat.alarmName()));
        assertNull(alarms.nodeOf("some-other-alarm"));

        alarms.sync(List.of(a));

        assertEquals(Set.of(alarms.prefix() + "heartbeat/" + a.node(), alarms.prefix() + "status-check/" + a.node()), names());
    }

    @Test
    void theHeartbeatAlarmWatches_theMetricTheAgentPublishes() {
        NodeRecord a = node("i-0ddddddddddddddd4");
        String namespace = "wg-roam-" + UUID.randomUUID();
        new NodeAlarms(cloudWatch, "fleet-" + UUID.randomUUID(), namespace).sync(List.of(a));
        new dev.wgroam.agent.heartbeat.Heartbeat(cloudWatch, namespace, a.node()).beat(Instant.now(), 0);

        MetricAlarm alarm = cloudWatch.describeAlarms().metricAlarms().stream()
                .filter(m -> namespace.equals(m.namespace())).findFirst().orElseThrow();
        var published = cloudWatch.listMetrics(r -> r.namespace(namespace)).metrics().stream()
                .filter(m -> m.metricName().equals(alarm.metricName())).toList();
        assertEquals(1, published.size(), "the agent publishes the metric the alarm watches: " + alarm.metricName());
        assertEquals(alarm.dimensions(), published.get(0).dimensions());
    }

    @Test
    void okSince_isNullWhileAnyAlarmOfTheNodeIsNotOk_andTheLatestOkTimeOtherwise() {
        NodeRecord a = node("i-0ccccccccccccccc3");
        alarms.sync(List.of(a));
        String heartbeat = alarms.prefix() + "heartbeat/" + a.node();
        String statusCheck = alarms.prefix() + "status-check/" + a.node();

        cloudWatch.setAlarmState(r -> r.alarmName(heartbeat).stateValue("ALARM").stateReason("test"));
        cloudWatch.setAlarmState(r -> r.alarmName(statusCheck).stateValue("OK").stateReason("test"));
        assertNull(alarms.okSince(a.node()));

        cloudWatch.setAlarmState(r -> r.alarmName(heartbeat).stateValue("OK").stateReason("test"));
        java.time.Instant since = alarms.okSince(a.node());

        org.junit.jupiter.api.Assertions.assertNotNull(since);
        org.junit.jupiter.api.Assertions.assertTrue(!since.isAfter(java.time.Instant.now().plusSeconds(1)));
    }
}
