package dev.wgroam.registry;

import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.PrefixRules;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.PeerKey;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every part of the fleet needs to agree on, set by the operator: the range client tunnel
 * addresses come from, the range backbone addresses come from, and the accelerator's address
 * clients connect to (an IP address or DNS name, without a port), and what only the operator knows
 * of the clients interface every node carries behind the accelerator: its public key (shared by
 * all nodes) and its port. A client's config needs both.
 *
 * @param clientsPublicKey the clients interface's public key; null in settings written before it
 *                         was known (see {@link #clientsKey})
 * @param clientPort       the clients interface's UDP port, the accelerator listener's
 */
public record FleetSettings(Cidr clientCidr, Cidr backboneRange, String acceleratorAddress, PeerKey clientsPublicKey,
                            int clientPort) {

    /** WireGuard's usual port, and the accelerator listener's in the template. */
    public static final int DEFAULT_CLIENT_PORT = 51820;

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
        checkPort(clientPort);
    }

    /** Settings without the clients interface's key, on the default port. */
    public FleetSettings(Cidr clientCidr, Cidr backboneRange, String acceleratorAddress) {
        this(clientCidr, backboneRange, acceleratorAddress, null, DEFAULT_CLIENT_PORT);
    }

    /** The clients interface's public key; empty when the operator has not set it yet. */
    public Optional<PeerKey> clientsKey() {
        return Optional.ofNullable(clientsPublicKey);
    }

    public static int checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a UDP port (1 to 65535): " + port);
        }
        return port;
    }

    public static String checkAcceleratorAddress(String address) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("not an accelerator address (an IPv4 address or DNS name): "
                    + Printable.quote(address));
        }
        return address;
    }
}
