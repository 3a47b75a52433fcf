package dev.wgroam.agent.wireguard;

import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One peer line of {@code wg show dump}, without its preshared key.
 *
 * @param key              the peer's public key
 * @param endpoint         where its packets last came from (or where they are sent); null when
 *                         {@code wg} prints {@code (none)}, i.e. the peer never talked to us and
 *                         has no configured endpoint
 * @param allowedIps       its IPv4 allowed IPs in {@code wg}'s order; IPv6 ones are left out
 *                         (wg-roam routes IPv4 only)
 * @param latestHandshake  {@link Instant#EPOCH} when there has never been one
 * @param rxBytes          bytes received from the peer since the interface came up
 * @param txBytes          bytes sent to the peer since the interface came up
 * @param keepaliveSeconds persistent keepalive interval; 0 when off
 */
public record PeerState(PeerKey key, Endpoint endpoint, List<Cidr> allowedIps, Instant latestHandshake,
                        long rxBytes, long txBytes, int keepaliveSeconds) {

    public PeerState {
        Objects.requireNonNull(key, "key");
        allowedIps = List.copyOf(allowedIps);
        Objects.requireNonNull(latestHandshake, "latestHandshake (use Instant.EPOCH for never)");
        if (rxBytes < 0 || txBytes < 0) {
            throw new IllegalArgumentException("byte counters cannot be negative: rx " + rxBytes + ", tx " + txBytes);
        }
        if (keepaliveSeconds < 0 || keepaliveSeconds > 65535) {
            throw new IllegalArgumentException("keepalive out of range 0-65535: " + keepaliveSeconds);
        }
    }

    public boolean hasHandshake() {
        return !latestHandshake.equals(Instant.EPOCH);
    }
}
