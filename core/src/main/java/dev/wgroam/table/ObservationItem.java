package dev.wgroam.table;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Observation;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps an {@link Observation} to and from its item. */
public final class ObservationItem {

    static final String CLIENT = "client";
    static final String CLIENT_PREFIX = "clientPrefix";
    static final String LATEST_HANDSHAKE = "latestHandshake";
    static final String ENDPOINT = "endpoint";
    static final String RX_BYTES = "rxBytes";
    static final String TX_BYTES = "txBytes";
    static final String OBSERVED_AT = "observedAt";

    private ObservationItem() {
    }

    public static Map<String, AttributeValue> key(NodeId node, PeerKey client) {
        return keys(node, client).primaryKey();
    }

    private static ItemKeys keys(NodeId node, PeerKey client) {
        String partition = TableSchema.NODE_PREFIX + node;
        return new ItemKeys(partition, TableSchema.OBSERVATION_PREFIX + client.base64(),
                TableSchema.observationsOf(client), partition);
    }

    public static Map<String, AttributeValue> toItem(Observation o) {
        return new ItemWriter()
                .keys(ItemKind.OBSERVATION, keys(o.node(), o.client()))
                .string(TableSchema.NODE, o.node())
                .string(TableSchema.NODE_NAME, o.nodeName())
                .string(TableSchema.REGION, o.region())
                .string(CLIENT, o.client())
                .string(CLIENT_PREFIX, o.clientPrefix())
                .time(LATEST_HANDSHAKE, o.latestHandshake())
                .string(ENDPOINT, o.endpoint())
                .number(RX_BYTES, o.rxBytes())
                .number(TX_BYTES, o.txBytes())
                .time(OBSERVED_AT, o.observedAt())
                .build();
    }

    public static Observation fromItem(Map<String, AttributeValue> item) {
        ItemReader r = ItemReader.forKind(item, ItemKind.OBSERVATION);
        Observation observation = new Observation(
                r.parsed(TableSchema.NODE, NodeId::new),
                r.parsed(TableSchema.NODE_NAME, NodeName::new),
                r.parsed(TableSchema.REGION, Region::new),
                r.parsed(CLIENT, PeerKey::new),
                r.parsed(CLIENT_PREFIX, Cidr::parse),
                r.epochSeconds(LATEST_HANDSHAKE),
                r.parsed(ENDPOINT, Endpoint::parse),
                r.number(RX_BYTES, 0),
                r.number(TX_BYTES, 0),
                r.epochSeconds(OBSERVED_AT));
        return r.keyedAs(observation, keys(observation.node(), observation.client()));
    }
}
