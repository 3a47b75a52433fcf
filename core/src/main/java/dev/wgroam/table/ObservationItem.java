package dev.wgroam.table;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.ownership.Observation;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps an {@link Observation} to and from its item, which is in no list: read it by {@link #key}. */
public final class ObservationItem {

    static final String CLIENT = "client";
    static final String LATEST_HANDSHAKE = "latestHandshake";
    static final String ENDPOINT = "endpoint";
    static final String RX_BYTES = "rxBytes";
    static final String TX_BYTES = "txBytes";
    static final String OBSERVED_AT = "observedAt";
    /**
     * The table's TTL attribute: DynamoDB deletes the observation a day after it was made, so a
     * retired node or removed client leaves nothing behind for long, while a live node rewrites
     * its observations long before then. Written, never read.
     */
    public static final String EXPIRES_AT = "expiresAt";
    public static final java.time.Duration LIFETIME = java.time.Duration.ofDays(1);

    private ObservationItem() {
    }

    public static Map<String, AttributeValue> key(NodeId node, PeerKey client) {
        return keys(node, client).primaryKey();
    }

    /** The partition key of {@code node}'s items: a query of one node's observations asks for it. */
    public static AttributeValue partitionOf(NodeId node) {
        return AttributeValue.fromS(TableSchema.NODE_PREFIX + node);
    }

    /** What the sort key of every observation begins with, and of no other item in a node's partition. */
    public static AttributeValue sortKeyPrefix() {
        return AttributeValue.fromS(TableSchema.OBSERVATION_PREFIX);
    }

    private static ItemKeys keys(NodeId node, PeerKey client) {
        return ItemKeys.unlisted(TableSchema.NODE_PREFIX + node, TableSchema.OBSERVATION_PREFIX + client.base64());
    }

    public static Map<String, AttributeValue> toItem(Observation o) {
        return new ItemWriter()
                .keys(ItemKind.OBSERVATION, keys(o.node(), o.client()))
                .string(TableSchema.NODE, o.node())
                .string(CLIENT, o.client())
                .time(LATEST_HANDSHAKE, o.latestHandshake())
                .string(ENDPOINT, o.endpoint())
                .number(RX_BYTES, o.rxBytes())
                .number(TX_BYTES, o.txBytes())
                .time(OBSERVED_AT, o.observedAt())
                .number(EXPIRES_AT, o.observedAt().plus(LIFETIME).getEpochSecond())
                .build();
    }

    public static Observation fromItem(Map<String, AttributeValue> item) {
        ItemReader r = ItemReader.forKind(item, ItemKind.OBSERVATION);
        Observation observation = new Observation(
                r.parsed(TableSchema.NODE, NodeId::new),
                r.parsed(CLIENT, PeerKey::new),
                r.epochSeconds(LATEST_HANDSHAKE),
                r.parsed(ENDPOINT, Endpoint::parse),
                r.number(RX_BYTES, 0),
                r.number(TX_BYTES, 0),
                r.epochSeconds(OBSERVED_AT));
        return r.keyedAs(observation, keys(observation.node(), observation.client()));
    }
}
