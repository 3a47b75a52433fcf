package dev.wgroam.table;

import dev.wgroam.registry.FleetSettings;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.PrefixRules;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps the {@link FleetSettings} to and from their one item, which is in no list: read it by {@link #KEY}. */
public final class FleetSettingsItem {

    static final String CLIENT_CIDR = "clientCidr";
    static final String BACKBONE_RANGE = "backboneRange";
    static final String ACCELERATOR_ADDRESS = "acceleratorAddress";
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
                .time(UPDATED_AT, updatedAt)
                .build();
    }

    public static FleetSettings fromItem(Map<String, AttributeValue> item) {
        ItemReader r = ItemReader.forKind(item, ItemKind.FLEET);
        Cidr clientCidr = r.parsed(CLIENT_CIDR, text -> PrefixRules.check(Cidr.parse(text)));
        Cidr backboneRange = r.parsed(BACKBONE_RANGE, text -> PrefixRules.check(Cidr.parse(text)));
        String accelerator = r.parsed(ACCELERATOR_ADDRESS, FleetSettings::checkAcceleratorAddress);
        FleetSettings settings = r.convert(CLIENT_CIDR, clientCidr,
                cidr -> new FleetSettings(cidr, backboneRange, accelerator));
        return r.keyedAs(settings, KEYS);
    }
}
