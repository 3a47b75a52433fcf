package dev.wgroam.table;

import dev.wgroam.registry.FleetSettings;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.PrefixRules;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps the {@link FleetSettings} to and from their one item, which is in no list: read it by {@link #KEY}. */
public final class FleetSettingsItem {

    static final String CLIENT_CIDR = "clientCidr";
    static final String BACKBONE_RANGE = "backboneRange";
    static final String ACCELERATOR_ADDRESS = "acceleratorAddress";
    static final String CLIENTS_PUBLIC_KEY = "clientsPublicKey";
    static final String CLIENT_PORT = "clientPort";
    static final String UPDATED_AT = "updatedAt";
    private static final ItemKeys KEYS = ItemKeys.unlisted("fleet", "settings");
    public static final Map<String, AttributeValue> KEY = KEYS.primaryKey();

    private FleetSettingsItem() {
    }

    public static Map<String, AttributeValue> toItem(FleetSettings f, Instant updatedAt) {
        return new ItemWriter()
                .keys(ItemKind.FLEET, KEYS)
                .string(CLIENT_CIDR, f.clientCidr())
                .string(BACKBONE_RANGE, f.backboneRange())
                .string(ACCELERATOR_ADDRESS, f.acceleratorAddress())
                .stringUnlessEmpty(CLIENTS_PUBLIC_KEY, f.clientsKey().map(PeerKey::base64).orElse(""))
                .number(CLIENT_PORT, f.clientPort())
                .time(UPDATED_AT, updatedAt)
                .build();
    }

    public static FleetSettings fromItem(Map<String, AttributeValue> item) {
        ItemReader r = ItemReader.forKind(item, ItemKind.FLEET);
        Cidr clientCidr = r.parsed(CLIENT_CIDR, text -> PrefixRules.check(Cidr.parse(text)));
        Cidr backboneRange = r.parsed(BACKBONE_RANGE, text -> PrefixRules.check(Cidr.parse(text)));
        String accelerator = r.parsed(ACCELERATOR_ADDRESS, FleetSettings::checkAcceleratorAddress);
        // Settings written before the clients interface's key and port were kept have neither.
        PeerKey clientsKey = item.containsKey(CLIENTS_PUBLIC_KEY) ? r.parsed(CLIENTS_PUBLIC_KEY, PeerKey::new) : null;
        int clientPort = item.containsKey(CLIENT_PORT)
                ? r.convert(CLIENT_PORT, r.smallNumber(CLIENT_PORT, 1), FleetSettings::checkPort)
                : FleetSettings.DEFAULT_CLIENT_PORT;
        FleetSettings settings = r.convert(CLIENT_CIDR, clientCidr,
                cidr -> new FleetSettings(cidr, backboneRange, accelerator, clientsKey, clientPort));
        return r.keyedAs(settings, KEYS);
    }
}
