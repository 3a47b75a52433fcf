package dev.wgroam.table;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.Region;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.PrefixRules;
import dev.wgroam.wireguard.PeerKey;
import java.util.List;
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

    /**
     * Reads an approval. Each attribute is checked by itself first, so that a refusal names the
     * attribute at fault: a forbidden or surplus VPC CIDR, a backbone address that is no routable
     * /32, a region or accelerator endpoint other than the instance ARN's.
     */
    public static NodeApproval fromItem(Map<String, AttributeValue> item) {
        ItemReader r = ItemReader.forKind(item, ItemKind.APPROVAL);
        NodeId node = r.parsed(TableSchema.NODE, NodeId::new);
        NodeName name = r.parsed(TableSchema.NODE_NAME, NodeName::new);
        Region region = r.parsed(TableSchema.REGION, Region::new);
        List<Cidr> cidrs = r.parsedList(VPC_CIDRS, text -> PrefixRules.check(Cidr.parse(text)));
        if (cidrs.stream().distinct().count() > NodeApproval.MAX_VPC_CIDRS) {
            throw r.malformed(VPC_CIDRS, "lists more than " + NodeApproval.MAX_VPC_CIDRS + " CIDRs");
        }
        PeerKey key = r.parsed(BACKBONE_KEY, PeerKey::new);
        Cidr address = r.parsed(BACKBONE_ADDRESS, text -> PrefixRules.check(NodeRecord.checkBackboneAddress(Cidr.parse(text))));
        boolean primary = r.bool(PRIMARY);
        String endpoint = r.convert(GA_ENDPOINT_ID, r.stringOrEmpty(GA_ENDPOINT_ID), NodeApproval::checkGaEndpointId);
        var approvedAt = r.epochSeconds(APPROVED_AT);
        NodeApproval.Implied implied = NodeApproval.impliedBy(node);
        if (!implied.region().isEmpty() && !implied.region().equals(region.name())) {
            throw r.malformed(TableSchema.REGION, "is " + region + " but node " + node + " is in " + implied.region());
        }
        if (!implied.gaEndpointId().isEmpty() && !endpoint.isEmpty() && !endpoint.equals(implied.gaEndpointId())) {
            throw r.malformed(GA_ENDPOINT_ID, "is " + endpoint + " but node " + node + " is the endpoint "
                    + implied.gaEndpointId());
        }
        NodeApproval approval = r.convert(TableSchema.NODE, node,
                n -> new NodeApproval(n, name, region, cidrs, key, address, primary, endpoint, approvedAt));
        return r.keyedAs(approval, keys(node));
    }
}
