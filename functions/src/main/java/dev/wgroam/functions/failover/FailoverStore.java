package dev.wgroam.functions.failover;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeStatus;
import java.util.List;

/** The failover function's view of the table: node records, and the status items it alone writes. */
public interface FailoverStore {

    List<NodeRecord> nodes();

    /** The node's status item; null when it has none (ACTIVE). */
    NodeStatus status(NodeId node);

    List<NodeStatus> statuses();

    void put(NodeStatus status);
}
