package dev.wgroam.agent.table;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.ownership.Owner;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the agent does with the table: write its own items, read the owners and the node records. */
public interface AgentTable {

    /** Writes one of this node's own items (an observation or its node record). */
    void put(Map<String, AttributeValue> item);

    /** Every owner item, through the eventually consistent {@code lists} index. */
    TableRead<Owner> owners();

    /** Every node record, through the {@code lists} index. */
    TableRead<NodeRecord> nodes();
}
