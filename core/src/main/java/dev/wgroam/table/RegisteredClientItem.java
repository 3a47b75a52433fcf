package dev.wgroam.table;

import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a {@link RegisteredClient} to and from its item, in the {@value TableSchema#CLIENTS} list,
 * and builds the two claim items written in the same transaction — one on its address, one on its
 * name — whose conditional puts keep both unique.
 */
public final class RegisteredClientItem {

    static final String ADDRESS = "address";
    static final String CLIENT_NAME = "name";
    static final String CREATED_AT = "createdAt";
    /** Written by every add since the watchdog column; an item without it (older, or an import) reads as false. */
    static final String WATCHDOG = "watchdog";
    private static final String CLIENT_SORT_KEY = "client";
    private static final String CLAIM_SORT_KEY = "claim";

    private RegisteredClientItem() {
    }

    public static Map<String, AttributeValue> key(PeerKey client) {
        return keys(client).primaryKey();
    }

    private static ItemKeys keys(PeerKey client) {
        String id = TableSchema.CLIENT_PREFIX + client.base64();
        return new ItemKeys(id, CLIENT_SORT_KEY, TableSchema.CLIENTS, id);
    }

    /** The key of the claim on an address: at most one client holds it. */
    public static Map<String, AttributeValue> addressClaimKey(Cidr address) {
        return ItemKeys.unlisted(TableSchema.ADDRESS_CLAIM_PREFIX + address, CLAIM_SORT_KEY).primaryKey();
    }

    /** The key of the claim on a name: at most one client holds it. */
    public static Map<String, AttributeValue> nameClaimKey(ClientName name) {
        return ItemKeys.unlisted(TableSchema.NAME_CLAIM_PREFIX + name, CLAIM_SORT_KEY).primaryKey();
    }

    public static Map<String, AttributeValue> toItem(RegisteredClient c) {
        return new ItemWriter()
                .keys(ItemKind.CLIENT, keys(c.key()))
                .string(ObservationItem.CLIENT, c.key())
                .string(ADDRESS, c.address())
                .string(CLIENT_NAME, c.name())
                .time(CREATED_AT, c.createdAt())
                .bool(WATCHDOG, c.watchdog())
                .build();
    }

    /** A claim item: which client holds the address or name under {@code claimKey}. */
    public static Map<String, AttributeValue> claimItem(Map<String, AttributeValue> claimKey, RegisteredClient c) {
        return new ItemWriter()
                .keys(ItemKind.CLAIM, ItemKeys.unlisted(claimKey.get(TableSchema.PARTITION_KEY).s(), CLAIM_SORT_KEY))
                .string(ObservationItem.CLIENT, c.key())
                .string(CLIENT_NAME, c.name())
                .build();
    }

    public static RegisteredClient fromItem(Map<String, AttributeValue> item) {
        ItemReader r = ItemReader.forKind(item, ItemKind.CLIENT);
        RegisteredClient client = new RegisteredClient(
                r.parsed(ObservationItem.CLIENT, PeerKey::new),
                r.parsed(ADDRESS, text -> hostAddress(Cidr.parse(text))),
                r.parsed(CLIENT_NAME, ClientName::new),
                r.epochSeconds(CREATED_AT),
                r.boolOrFalse(WATCHDOG));
        return r.keyedAs(client, keys(client.key()));
    }

    private static Cidr hostAddress(Cidr address) {
        if (!address.isHost()) {
            throw new IllegalArgumentException("a client's tunnel address is a /32, not " + address);
        }
        return address;
    }
}
