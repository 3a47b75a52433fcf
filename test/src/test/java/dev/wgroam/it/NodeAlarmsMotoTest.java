package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.heartbeat.Heartbeat;
import dev.wgroam.agent.heartbeat.HeartbeatSender;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeMetrics;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.failover.NodeAlarms;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** The per-node alarms as moto's CloudWatch keeps them: created per approval, mapped back to their node, swept. */
class NodeAlarmsMotoTest {

    final CloudWatchClient cloudWatch = new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint())
            .build(CloudWatchClient.builder(), "eu-west-1");
    final NodeAlarms alarms = new NodeAlarms(cloudWatch, "fleet-" + UUID.randomUUID(), "wg-roam");

    /** The approval of an eu-west-1 instance, behind the accelerator endpoint of its own instance id. */
    static NodeApproval approval(String instance) {
        byte[] key = new byte[32];
        key[0] = (byte) instance.length();
        key[1] = (byte) instance.charAt(instance.length() - 1);
        return new NodeApproval(new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/" + instance),
                new NodeName("vpn-" + instance), new Region("eu-west-1"), List.of(), PeerKey.of(key),
                Cidr.parse("10.99.0." + (instance.charAt(instance.length() - 1) - '0') + "/32"), false, instance,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private Set<String> names() {
        return alarms.existing().stream().map(MetricAlarm::alarmName).collect(Collectors.toSet());
    }

    private MetricAlarm alarm(String name) {
        return alarms.existing().stream().filter(m -> m.alarmName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void sync_createsTwoAlarmsPerApprovedNode_mapsThemBack_andDeletesThoseOfNodesThatLoseTheirApproval() {
        NodeApproval a = approval("i-0aaaaaaaaaaaaaaa1");
        NodeApproval b = approval("i-0bbbbbbbbbbbbbbb2");

        alarms.sync(List.of(a, b));
        alarms.sync(List.of(a, b));

        assertEquals(Set.of(alarms.prefix() + "heartbeat/" + a.node(), alarms.prefix() + "status-check/" + a.node(),
                alarms.prefix() + "heartbeat/" + b.node(), alarms.prefix() + "status-check/" + b.node()), names());
        MetricAlarm heartbeat = alarm(alarms.prefix() + "heartbeat/" + a.node());
        assertEquals("breaching", heartbeat.treatMissingData());
        assertEquals(a.node().value(), heartbeat.dimensions().get(0).value());
        assertEquals(a.node(), alarms.nodeOf(heartbeat.alarmName()));
        MetricAlarm statusCheck = alarm(alarms.prefix() + "status-check/" + a.node());
        assertEquals(a.gaEndpointId(), statusCheck.dimensions().get(0).value(), "the approval's instance, not a record's word");
        assertNull(alarms.nodeOf("some-other-alarm"));

        alarms.sync(List.of(a));

        assertEquals(Set.of(alarms.prefix() + "heartbeat/" + a.node(), alarms.prefix() + "status-check/" + a.node()), names());
    }

    /**
     * Liveness no node can forge for another: each node's heartbeat alarm watches the node's own
     * namespace, the one only its credentials may write (the node role's cloudwatch:namespace
     * condition, see ForgedPermissionsTest). Node A's agent beating lands in A's namespace and
     * nowhere B's alarm looks.
     */
    @Test
    void theHeartbeatAlarm_watchesWhatTheNodesOwnAgentPublishes_inTheNodesOwnNamespaceOnly() {
        NodeApproval a = approval("i-0ddddddddddddddd4");
        NodeApproval b = approval("i-0eeeeeeeeeeeeeee5");
        String fleetNamespace = "wg-roam-" + UUID.randomUUID();
        NodeAlarms fleetAlarms = new NodeAlarms(cloudWatch, "fleet-" + UUID.randomUUID(), fleetNamespace);
        fleetAlarms.sync(List.of(a, b));
        new Heartbeat(cloudWatch, fleetNamespace, a.node()).beat(Instant.now(), HeartbeatSender.Counts.NONE);

        MetricAlarm alarmOfA = fleetAlarms.existing().stream()
                .filter(m -> m.alarmName().equals(fleetAlarms.prefix() + "heartbeat/" + a.node())).findFirst().orElseThrow();
        MetricAlarm alarmOfB = fleetAlarms.existing().stream()
                .filter(m -> m.alarmName().equals(fleetAlarms.prefix() + "heartbeat/" + b.node())).findFirst().orElseThrow();
        assertEquals(NodeMetrics.namespace(fleetNamespace, a.node()), alarmOfA.namespace());
        assertEquals(NodeMetrics.namespace(fleetNamespace, b.node()), alarmOfB.namespace());
        var published = cloudWatch.listMetrics(r -> r.namespace(alarmOfA.namespace())).metrics().stream()
                .filter(m -> m.metricName().equals(alarmOfA.metricName())).toList();
        assertEquals(1, published.size(), "A's agent publishes the metric A's alarm watches: " + alarmOfA.metricName());
        assertEquals(alarmOfA.dimensions(), published.get(0).dimensions());
        assertTrue(cloudWatch.listMetrics(r -> r.namespace(alarmOfB.namespace())).metrics().isEmpty(),
                "nothing A sends reaches the namespace B's alarm watches");
    }

    @Test
    void okSince_isNullWhileAnyAlarmOfTheNodeIsNotOk_andTheLatestOkTimeOtherwise() {
        NodeApproval a = approval("i-0ccccccccccccccc3");
        alarms.sync(List.of(a));
        String heartbeat = alarms.prefix() + "heartbeat/" + a.node();
        String statusCheck = alarms.prefix() + "status-check/" + a.node();

        cloudWatch.setAlarmState(r -> r.alarmName(heartbeat).stateValue("ALARM").stateReason("test"));
        cloudWatch.setAlarmState(r -> r.alarmName(statusCheck).stateValue("OK").stateReason("test"));
        assertNull(alarms.okSince(a.node()));

        cloudWatch.setAlarmState(r -> r.alarmName(heartbeat).stateValue("OK").stateReason("test"));
        Instant since = alarms.okSince(a.node());

        assertNotNull(since);
        assertTrue(!since.isAfter(Instant.now().plusSeconds(1)));
    }

    @Test
    void firing_namesAnAlarmOfTheNodeInAlarm_andNoneOnceAllAreOk() {
        NodeApproval a = approval("i-0fffffffffffffff6");
        NodeApproval b = approval("i-0aaaaaaaaaaaaaaa7");
        alarms.sync(List.of(a, b));
        String statusCheck = alarms.prefix() + "status-check/" + a.node();
        for (MetricAlarm alarm : alarms.existing()) {
            cloudWatch.setAlarmState(r -> r.alarmName(alarm.alarmName()).stateValue("OK").stateReason("test"));
        }
        assertEquals(Optional.empty(), alarms.firing(a.node()));

        cloudWatch.setAlarmState(r -> r.alarmName(statusCheck).stateValue("ALARM").stateReason("test"));

        assertEquals(Optional.of(statusCheck), alarms.firing(a.node()));
        assertEquals(Optional.empty(), alarms.firing(b.node()), "another node's alarm is not this node's");
    }
}
