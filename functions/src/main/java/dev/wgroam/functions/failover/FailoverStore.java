package dev.wgroam.functions.failover;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.registry.Registry;
import java.util.List;

/**
 * The failover function's view of the table: the operator's registry (which nodes are approved,
 * in which region, behind which accelerator endpoint), and the status items this function alone writes.
 */
public interface FailoverStore {

    Registry registry();

    /** The node's status item; null when it has none (ACTIVE). */
    NodeStatus status(NodeId node);

    List<NodeStatus> statuses();

    void put(NodeStatus status);

    /** Deletes the node's status item, if any: the node is no longer approved here. */
    void delete(NodeId node);
}
