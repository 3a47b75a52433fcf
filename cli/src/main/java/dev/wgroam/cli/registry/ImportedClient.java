package dev.wgroam.cli.registry;

import dev.wgroam.registry.ClientName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.Objects;

/**
 * A client to register with the address it already has, as a hand-kept {@code clients.conf} or
 * local mode gives it: importing keeps its /32, so nothing changes for the client.
 */
public record ImportedClient(ClientName name, PeerKey key, Cidr address) {

    public ImportedClient {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(address, "address");
        if (!address.isHost()) {
            throw new IllegalArgumentException("a client's tunnel address is a /32, not " + address);
        }
    }

    /** The name a client without one in the file gets: {@code client-10-50-0-7} for 10.50.0.7/32. */
    public static ClientName defaultName(Cidr address) {
        return new ClientName("client-" + address.addressText().replace('.', '-'));
    }

    /** For messages: name, address and the key's short form. */
    public String describe() {
        return name + " (" + address + ", key " + key.shortForm() + ")";
    }
}
