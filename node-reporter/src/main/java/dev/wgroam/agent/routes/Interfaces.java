package dev.wgroam.agent.routes;

import dev.wgroam.agent.wireguard.InterfaceName;
import java.util.Objects;

/** The node's two WireGuard interfaces: the clients' and the backbone mesh. */
public record Interfaces(InterfaceName clients, InterfaceName backbone) {
    public Interfaces {
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(backbone, "backbone");
        if (clients.equals(backbone)) {
            throw new IllegalArgumentException("clients and backbone must be different interfaces: " + clients);
        }
    }
}
