package dev.wgroam.table;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of {@link Samples} with their codec, and the attributes the documented layout makes
 * required or optional for each. The Utc twins of times are for people and are not read.
 */
enum SampleItem {
    OBSERVATION(ItemKind.OBSERVATION, ObservationItem::fromItem, () -> ObservationItem.toItem(Samples.observation()),
            List.of("node", "nodeName", "region", "client", "clientPrefix", "latestHandshake", "endpoint",
                    "rxBytes", "txBytes", "observedAt"),
            List.of()),
    NODE(ItemKind.NODE, NodeRecordItem::fromItem, () -> NodeRecordItem.toItem(Samples.nodeRecord()),
            List.of("node", "nodeName", "region", "backboneKey", "backboneAddress", "backboneEndpoint", "vpcPrimary",
                    "heartbeat", "agentVersion", "appliedRoutes", "appliedVersionSum", "appliedAt"),
            List.of("vpcPrefixes", "gaEndpointId")),
    CLIENT_OWNER(ItemKind.OWNER, OwnerItem::fromItem, () -> OwnerItem.toItem(Samples.clientOwner()),
            List.of("subject", "prefix", "owner", "ownerName", "handshake", "version", "changedAt"),
            List.of("previousOwner")),
    VPC_OWNER(ItemKind.OWNER, OwnerItem::fromItem, () -> OwnerItem.toItem(Samples.vpcOwner()),
            List.of("subject", "prefix", "owner", "ownerName", "version", "changedAt"),
            List.of("previousOwner")),
    STATUS(ItemKind.STATUS, NodeStatusItem::fromItem, () -> NodeStatusItem.toItem(Samples.status()),
            List.of("node", "nodeName", "region", "state", "reason", "since", "restoreWeight"),
            List.of());

    /** Every kind of item carries its keys and its kind. */
    static final List<String> KEY_ATTRIBUTES = List.of("pk", "sk", "kind", "listKey", "listSort");

    final ItemKind kind;
    final Function<Map<String, AttributeValue>, Object> decoder;
    private final Supplier<Map<String, AttributeValue>> item;
    final List<String> content;
    final List<String> optional;

    SampleItem(ItemKind kind, Function<Map<String, AttributeValue>, Object> decoder,
               Supplier<Map<String, AttributeValue>> item, List<String> content, List<String> optional) {
        this.kind = kind;
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
        return java.util.stream.Stream.concat(KEY_ATTRIBUTES.stream(), content.stream()).toList();
    }

    Object decode(Map<String, AttributeValue> item) {
        return decoder.apply(item);
    }
}
