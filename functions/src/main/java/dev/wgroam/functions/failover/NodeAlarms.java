package dev.wgroam.functions.failover;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeMetrics;
import dev.wgroam.registry.NodeApproval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * The two alarms of every approved node of this region: its heartbeat missing (missing data is
 * breaching, so a dead agent or node alarms) and EC2 status checks failing. The heartbeat is read
 * from the node's own namespace, which only its credentials can write. Alarm names carry the fleet,
 * the kind and, last, the node id — {@code wg-roam/<fleet>/heartbeat/<node id>} — so an alarm maps
 * back to exactly one node. {@link #sync} creates what is missing and deletes the alarms of nodes
 * no longer approved.
 */
public final class NodeAlarms implements Alarms {

    static final String HEARTBEAT = "heartbeat";
    static final String STATUS_CHECK = "status-check";

    private final CloudWatchClient cloudWatch;
    private final String fleet;
    private final String metricNamespace;

    public NodeAlarms(CloudWatchClient cloudWatch, String fleet, String metricNamespace) {
        this.cloudWatch = cloudWatch;
        this.fleet = fleet;
        this.metricNamespace = metricNamespace;
    }

    public String prefix() {
        return "wg-roam/" + fleet + "/";
    }

    /** The node an alarm of this fleet is about, or null for any other alarm. */
    @Override
    public NodeId nodeOf(String alarmName) {
        for (String kind : List.of(HEARTBEAT, STATUS_CHECK)) {
            String start = prefix() + kind + "/";
            if (alarmName.startsWith(start)) {
                try {
                    return new NodeId(alarmName.substring(start.length()));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * Makes the alarms match the approved nodes: PutMetricAlarm is idempotent; alarms of nodes no
     * longer approved here are deleted. The heartbeat alarm watches the node's own namespace
     * ({@link NodeMetrics#namespace}), which only that node's credentials can put data into.
     */
    @Override
    public void sync(List<NodeApproval> approvals) {
        Set<String> wanted = new HashSet<>();
        for (NodeApproval n : approvals) {
            String heartbeat = prefix() + HEARTBEAT + "/" + n.node();
            wanted.add(heartbeat);
            cloudWatch.putMetricAlarm(r -> r.alarmName(heartbeat)
                    .alarmDescription("wg-roam: no heartbeat from " + n.name() + " (" + n.node() + ")")
                    .namespace(NodeMetrics.namespace(metricNamespace, n.node())).metricName(NodeMetrics.HEARTBEAT)
                    .dimensions(Dimension.builder().name(NodeMetrics.NODE_DIMENSION).value(n.node().value()).build())
                    .statistic(Statistic.SAMPLE_COUNT).period(60).evaluationPeriods(3).threshold(1.0)
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD).treatMissingData("breaching"));
            if (!n.gaEndpointId().isEmpty()) {
                String statusCheck = prefix() + STATUS_CHECK + "/" + n.node();
                wanted.add(statusCheck);
                cloudWatch.putMetricAlarm(r -> r.alarmName(statusCheck)
                        .alarmDescription("wg-roam: EC2 status checks of " + n.name() + " failing")
                        .namespace("AWS/EC2").metricName("StatusCheckFailed")
                        .dimensions(Dimension.builder().name("InstanceId").value(n.gaEndpointId()).build())
                        .statistic(Statistic.MAXIMUM).period(60).evaluationPeriods(2).threshold(1.0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .treatMissingData("breaching"));
            }
        }
        List<String> stale = new ArrayList<>();
        for (MetricAlarm alarm : existing()) {
            if (!wanted.contains(alarm.alarmName())) {
                stale.add(alarm.alarmName());
            }
        }
        for (int i = 0; i < stale.size(); i += 100) {
            List<String> batch = stale.subList(i, Math.min(i + 100, stale.size()));
            cloudWatch.deleteAlarms(r -> r.alarmNames(batch));
        }
    }

    /** When every alarm of the node last turned OK; null while any of them is not OK. */
    @Override
    public Instant okSince(NodeId node) {
        Instant since = null;
        for (MetricAlarm alarm : existing()) {
            if (!node.equals(nodeOf(alarm.alarmName()))) {
                continue;
            }
            if (!"OK".equals(alarm.stateValueAsString())) {
                return null;
            }
            Instant updated = alarm.stateUpdatedTimestamp();
            since = since == null || updated.isAfter(since) ? updated : since;
        }
        return since;
    }

    @Override
    public Optional<String> firing(NodeId node) {
        return existing().stream()
                .filter(alarm -> node.equals(nodeOf(alarm.alarmName())) && alarm.stateValue() == StateValue.ALARM)
                .map(MetricAlarm::alarmName)
                .findFirst();
    }

    /** This fleet's alarms as CloudWatch has them. */
    public List<MetricAlarm> existing() {
        return cloudWatch.describeAlarmsPaginator(r -> r.alarmNamePrefix(prefix())).metricAlarms().stream().toList();
    }
}
