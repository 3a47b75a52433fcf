package dev.wgroam.registry;

import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.PrefixRules;
import dev.wgroam.text.Printable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What every part of the fleet needs to agree on, set by the operator: the range client tunnel
 * addresses come from, the range backbone addresses come from, and the accelerator's address
 * clients connect to (an IP address or DNS name, without a port).
 */
public record FleetSettings(Cidr clientCidr, Cidr backboneRange, String acceleratorAddress) {

    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

    public FleetSettings {
        Objects.requireNonNull(clientCidr, "clientCidr");
        Objects.requireNonNull(backboneRange, "backboneRange");
        PrefixRules.check(clientCidr);
        PrefixRules.check(backboneRange);
        if (clientCidr.overlaps(backboneRange)) {
            throw new IllegalArgumentException("the client CIDR " + clientCidr + " and the backbone range "
                    + backboneRange + " overlap");
        }
        checkAcceleratorAddress(acceleratorAddress);
    }

    public static String checkAcceleratorAddress(String address) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("not an accelerator address (an IPv4 address or DNS name): "
                    + Printable.quote(address));
        }
        return address;
    }
}
