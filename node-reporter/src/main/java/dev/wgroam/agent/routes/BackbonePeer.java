package dev.wgroam.agent.routes;

import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.util.List;
import java.util.Objects;

/**
 * Another node as a peer of the backbone interface: how to reach it and which prefixes go to it.
 *
 * @param allowedIps sorted, without repeats: a peer compares equal whatever order wg lists them in,
 *                   and {@link HostDiff} searches them
 */
public record BackbonePeer(PeerKey key, Endpoint endpoint, List<Cidr> allowedIps) {

    /** Keeps NAT mappings and the GA-free backbone path warm; handshakes stay fresh for health. */
    public static final int KEEPALIVE_SECONDS = 25;

    public BackbonePeer {
        Objects.requireNonNull(key, "key");
        allowedIps = allowedIps.stream().sorted().distinct().toList();
    }
}
