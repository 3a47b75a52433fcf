package dev.wgroam.table;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of {@link Samples} with their codec, and the attributes the documented layout makes
 * required or optional for each. The Utc twins of times are for people and are not read. What a
 * node writes, and the fleet settings, are in no list: those items carry no listKey or listSort.
 */
enum SampleItem {
    OBSERVATION(ItemKind.OBSERVATION, false, ObservationItem::fromItem, () -> ObservationItem.toItem(Samples.observation()),
            List.of("node", "client", "latestHandshake", "endpoint", "rxBytes", "txBytes", "observedAt"),
            List.of()),
    NODE(ItemKind.NODE, false, NodeRecordItem::fromItem, () -> NodeRecordItem.toItem(Samples.nodeRecord()),
            List.of("node", "backboneKey", "backboneAddress", "backboneEndpoint", "heartbeat", "agentVersion",
                    "appliedRoutes", "appliedVersionSum", "appliedAt"),
            List.of()),
    CLIENT_OWNER(ItemKind.OWNER, true, OwnerItem::fromItem, () -> OwnerItem.toItem(Samples.clientOwner()),
            List.of("subject", "prefix", "owner", "ownerName", "handshake", "version", "changedAt"),
            List.of("previousOwner")),
    VPC_OWNER(ItemKind.OWNER, true, OwnerItem::fromItem, () -> OwnerItem.toItem(Samples.vpcOwner()),
            List.of("subject", "prefix", "owner", "ownerName", "version", "changedAt"),
            List.of("previousOwner")),
    STATUS(ItemKind.STATUS, true, NodeStatusItem::fromItem, () -> NodeStatusItem.toItem(Samples.status()),
            List.of("node", "nodeName", "region", "state", "reason", "since", "restoreWeight"),
            List.of("weight")),
    FLEET(ItemKind.FLEET, false, FleetSettingsItem::fromItem,
            () -> FleetSettingsItem.toItem(Samples.fleetSettings(), Samples.T5),
            List.of("clientCidr", "backboneRange", "acceleratorAddress"),
            List.of()),
    APPROVAL(ItemKind.APPROVAL, true, NodeApprovalItem::fromItem, () -> NodeApprovalItem.toItem(Samples.approval()),
            List.of("node", "nodeName", "region", "backboneKey", "backboneAddress", "primary", "approvedAt"),
            List.of("vpcCidrs", "gaEndpointId")),
    CLIENT(ItemKind.CLIENT, true, RegisteredClientItem::fromItem, () -> RegisteredClientItem.toItem(Samples.client()),
            List.of("client", "address", "name", "createdAt"),
            List.of());

    /** The keys and kind every item carries. */
    static final List<String> PRIMARY_ATTRIBUTES = List.of("pk", "sk", "kind");
    /** The keys of the lists index, on listed items only. */
    static final List<String> LIST_ATTRIBUTES = List.of("listKey", "listSort");
    /** Every key attribute any item may carry. */
    static final List<String> KEY_ATTRIBUTES = Stream.concat(PRIMARY_ATTRIBUTES.stream(), LIST_ATTRIBUTES.stream()).toList();

    final ItemKind kind;
    /** Whether the item is in the lists index. */
    final boolean listed;
    final Function<Map<String, AttributeValue>, Object> decoder;
    private final Supplier<Map<String, AttributeValue>> item;
    final List<String> content;
    final List<String> optional;

    SampleItem(ItemKind kind, boolean listed, Function<Map<String, AttributeValue>, Object> decoder,
               Supplier<Map<String, AttributeValue>> item, List<String> content, List<String> optional) {
        this.kind = kind;
        this.listed = listed;
        this.decoder = decoder;
        this.item = item;
        this.content = content;
        this.optional = optional;
    }

    Map<String, AttributeValue> item() {
        return item.get();
    }

    /** The attributes without which the item cannot be decoded: its keys, its kind and its content. */
    List<String> required() {
        return Stream.of(PRIMARY_ATTRIBUTES, listed ? LIST_ATTRIBUTES : List.<String>of(), content)
                .flatMap(List::stream).toList();
    }

    Object decode(Map<String, AttributeValue> item) {
        return decoder.apply(item);
    }
}
