package dev.wgroam.functions.failover;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.registry.NodeApproval;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** This fleet's per-node alarms: which node an alarm is about, whether it is OK, and keeping them in line. */
public interface Alarms {

    /** The node an alarm of this fleet is about, or null for any other alarm. */
    NodeId nodeOf(String alarmName);

    /** When every alarm of the node last turned OK; null while any is not OK. */
    Instant okSince(NodeId node);

    /** The name of one of the node's alarms that is in ALARM now, if any. */
    Optional<String> firing(NodeId node);

    /** Creates the alarms of these approved nodes and deletes those of every other node. */
    void sync(List<NodeApproval> approvals);
}
