package dev.wgroam.registry;

import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A client the operator registered: the only key that is this client, and the one /32 it owns.
 * Every node routes a client's address only as the registry gives it, whatever a node reports.
 *
 * @param watchdog whether the operator said the client runs the client watchdog (so it leaves a
 *                 dead node within seconds, not when the accelerator's health checks notice); no
 *                 node can tell, so it is the operator's word, given at {@code client add}
 */
public record RegisteredClient(PeerKey key, Cidr address, ClientName name, Instant createdAt, boolean watchdog) {

    /** A client the operator said nothing of a watchdog for, as an import from a clients.conf makes it. */
    public RegisteredClient(PeerKey key, Cidr address, ClientName name, Instant createdAt) {
        this(key, address, name, createdAt, false);
    }

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
