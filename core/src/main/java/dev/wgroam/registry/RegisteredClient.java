package dev.wgroam.registry;

import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A client the operator registered: the only key that is this client, and the one /32 it owns.
 * Every node routes a client's address only as the registry gives it, whatever a node reports.
 */
public record RegisteredClient(PeerKey key, Cidr address, ClientName name, Instant createdAt) {

    public RegisteredClient {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!address.isHost()) {
            throw new IllegalArgumentException("a client's tunnel address is a /32, not " + address);
        }
    }
}
