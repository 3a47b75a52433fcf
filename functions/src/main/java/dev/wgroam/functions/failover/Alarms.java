package dev.wgroam.functions.failover;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.registry.NodeApproval;
import java.time.Instant;
import java.util.List;

/** This fleet's per-node alarms: which node an alarm is about, whether it is OK, and keeping them in line. */
public interface Alarms {

    /** The node an alarm of this fleet is about, or null for any other alarm. */
    NodeId nodeOf(String alarmName);

    /** When every alarm of the node last turned OK; null while any is not OK. */
    Instant okSince(NodeId node);

    /** Creates the alarms of these approved nodes and deletes those of every other node. */
    void sync(List<NodeApproval> approvals);
}
