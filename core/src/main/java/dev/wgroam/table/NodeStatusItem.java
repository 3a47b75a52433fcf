package dev.wgroam.table;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.text.Printable;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps a {@link NodeStatus} to and from its item. */
public final class NodeStatusItem {

    static final String STATE = "state";
    static final String REASON = "reason";
    static final String SINCE = "since";
    static final String RESTORE_WEIGHT = "restoreWeight";
    /** Absent from items written before it: read as the restore weight, so nobody's clients are sent away on a guess. */
    static final String WEIGHT = "weight";
    private static final String STATUS_SORT_KEY = "status";

    private NodeStatusItem() {
    }

    public static Map<String, AttributeValue> key(NodeId node) {
        return keys(node).primaryKey();
    }

    private static ItemKeys keys(NodeId node) {
        return new ItemKeys(TableSchema.STATUS_PREFIX + node, STATUS_SORT_KEY, TableSchema.STATUSES,
                TableSchema.NODE_PREFIX + node);
    }

    public static Map<String, AttributeValue> toItem(NodeStatus s) {
        return new ItemWriter()
                .keys(ItemKind.STATUS, keys(s.node()))
                .string(TableSchema.NODE, s.node())
                .string(TableSchema.NODE_NAME, s.nodeName())
                .string(TableSchema.REGION, s.region())
                .string(STATE, s.state().name())
                .string(REASON, s.reason())
                .time(SINCE, s.since())
                .number(RESTORE_WEIGHT, s.restoreWeight())
                .number(WEIGHT, s.weight())
                .build();
    }

    public static NodeStatus fromItem(Map<String, AttributeValue> item) {
        ItemReader r = ItemReader.forKind(item, ItemKind.STATUS);
        int restoreWeight = r.convert(RESTORE_WEIGHT, r.smallNumber(RESTORE_WEIGHT, 0), NodeStatus::checkWeight);
        NodeStatus status = new NodeStatus(
                r.parsed(TableSchema.NODE, NodeId::new),
                r.parsed(TableSchema.NODE_NAME, NodeName::new),
                r.parsed(TableSchema.REGION, Region::new),
                r.parsed(STATE, NodeStatusItem::state),
                r.parsed(REASON, NodeStatus::checkReason),
                r.epochSeconds(SINCE),
                restoreWeight,
                r.has(WEIGHT) ? r.convert(WEIGHT, r.smallNumber(WEIGHT, 0), NodeStatus::checkWeight) : restoreWeight);
        return r.keyedAs(status, keys(status.node()));
    }

    private static NodeState state(String text) {
        for (NodeState state : NodeState.values()) {
            if (state.name().equals(text)) {
                return state;
            }
        }
        throw new IllegalArgumentException("not a node state (ACTIVE, DRAINED, FAILED): " + Printable.quote(text));
    }
}
