package dev.wgroam.table;

import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps a {@link NodeRecord} to and from its item, which is in no list: read it by {@link #key}. */
public final class NodeRecordItem {

    static final String BACKBONE_KEY = "backboneKey";
    static final String BACKBONE_ADDRESS = "backboneAddress";
    static final String BACKBONE_ENDPOINT = "backboneEndpoint";
    static final String HEARTBEAT = "heartbeat";
    static final String AGENT_VERSION = "agentVersion";
    static final String APPLIED_ROUTES = "appliedRoutes";
    static final String APPLIED_VERSION_SUM = "appliedVersionSum";
    static final String APPLIED_AT = "appliedAt";
    private static final String RECORD_SORT_KEY = "node";

    private NodeRecordItem() {
    }

    public static Map<String, AttributeValue> key(NodeId node) {
        return keys(node).primaryKey();
    }

    private static ItemKeys keys(NodeId node) {
        return ItemKeys.unlisted(TableSchema.NODE_PREFIX + node, RECORD_SORT_KEY);
    }

    public static Map<String, AttributeValue> toItem(NodeRecord n) {
        return new ItemWriter()
                .keys(ItemKind.NODE, keys(n.node()))
                .string(TableSchema.NODE, n.node())
                .string(BACKBONE_KEY, n.backboneKey())
                .string(BACKBONE_ADDRESS, n.backboneAddress())
                .string(BACKBONE_ENDPOINT, n.backboneEndpoint())
                .time(HEARTBEAT, n.heartbeat())
                .string(AGENT_VERSION, n.agentVersion())
                .number(APPLIED_ROUTES, n.applied().routes())
                .number(APPLIED_VERSION_SUM, n.applied().versionSum())
                .time(APPLIED_AT, n.applied().appliedAt())
                .build();
    }

    public static NodeRecord fromItem(Map<String, AttributeValue> item) {
        ItemReader r = ItemReader.forKind(item, ItemKind.NODE);
        NodeRecord node = new NodeRecord(
                r.parsed(TableSchema.NODE, NodeId::new),
                r.parsed(BACKBONE_KEY, PeerKey::new),
                r.parsed(BACKBONE_ADDRESS, text -> NodeRecord.checkBackboneAddress(Cidr.parse(text))),
                r.parsed(BACKBONE_ENDPOINT, Endpoint::parse),
                r.epochSeconds(HEARTBEAT),
                r.parsed(AGENT_VERSION, NodeRecord::checkAgentVersion),
                new AppliedRoutes(r.smallNumber(APPLIED_ROUTES, 0), r.number(APPLIED_VERSION_SUM, 0),
                        r.epochSeconds(APPLIED_AT)));
        return r.keyedAs(node, keys(node.node()));
    }
}
