package dev.wgroam.table;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps a {@link NodeApproval} to and from its item, in the {@value TableSchema#APPROVALS} list. */
public final class NodeApprovalItem {

    static final String VPC_CIDRS = "vpcCidrs";
    static final String BACKBONE_KEY = "backboneKey";
    static final String BACKBONE_ADDRESS = "backboneAddress";
    static final String PRIMARY = "primary";
    static final String GA_ENDPOINT_ID = "gaEndpointId";
    static final String APPROVED_AT = "approvedAt";
    private static final String APPROVAL_SORT_KEY = "approval";

    private NodeApprovalItem() {
    }

    public static Map<String, AttributeValue> key(NodeId node) {
        return keys(node).primaryKey();
    }

    private static ItemKeys keys(NodeId node) {
        return new ItemKeys(TableSchema.APPROVAL_PREFIX + node, APPROVAL_SORT_KEY, TableSchema.APPROVALS,
                TableSchema.NODE_PREFIX + node);
    }

    public static Map<String, AttributeValue> toItem(NodeApproval a) {
        return new ItemWriter()
                .keys(ItemKind.APPROVAL, keys(a.node()))
                .string(TableSchema.NODE, a.node())
                .string(TableSchema.NODE_NAME, a.name())
                .string(TableSchema.REGION, a.region())
                .strings(VPC_CIDRS, a.vpcCidrs())
                .string(BACKBONE_KEY, a.backboneKey())
                .string(BACKBONE_ADDRESS, a.backboneAddress())
                .bool(PRIMARY, a.primary())
                .stringUnlessEmpty(GA_ENDPOINT_ID, a.gaEndpointId())
                .time(APPROVED_AT, a.approvedAt())
                .build();
    }

    public static NodeApproval fromItem(Map<String, AttributeValue> item) {
        ItemReader r = ItemReader.forKind(item, ItemKind.APPROVAL);
        NodeId node = r.parsed(TableSchema.NODE, NodeId::new);
        NodeName name = r.parsed(TableSchema.NODE_NAME, NodeName::new);
        Region region = r.parsed(TableSchema.REGION, Region::new);
        var cidrs = r.parsedList(VPC_CIDRS, Cidr::parse);
        PeerKey key = r.parsed(BACKBONE_KEY, PeerKey::new);
        Cidr address = r.parsed(BACKBONE_ADDRESS, Cidr::parse);
        boolean primary = r.bool(PRIMARY);
        String endpoint = r.stringOrEmpty(GA_ENDPOINT_ID);
        var approvedAt = r.epochSeconds(APPROVED_AT);
        NodeApproval approval = r.convert(TableSchema.NODE, node,
                n -> new NodeApproval(n, name, region, cidrs, key, address, primary, endpoint, approvedAt));
        return r.keyedAs(approval, keys(node));
    }
}
