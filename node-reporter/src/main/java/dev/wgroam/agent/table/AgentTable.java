package dev.wgroam.agent.table;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Owner;
import dev.wgroam.registry.Registry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the agent does with the table: write its own items; read what the operator and the
 * functions wrote (the registry, the owners) from the index, and other nodes' records only by
 * exact key, so nothing a node piles into its own partition costs this one a read.
 */
public interface AgentTable {

    /** Writes one of this node's own items (an observation or its node record). */
    void put(Map<String, AttributeValue> item);

    /** The fleet settings, node approvals and registered clients, as every consumer believes them. */
    TableRead<Registry> registry();

    /** Every owner item, through the eventually consistent {@code lists} index. */
    TableRead<List<Owner>> owners();

    /** This node's status item, by its key; empty when it has none (ACTIVE). */
    TableRead<Optional<NodeStatus>> status(NodeId node);

    /** The node records of exactly these nodes (absent ones are simply missing), one key each. */
    TableRead<List<NodeRecord>> nodeRecords(Collection<NodeId> nodes);
}
