package dev.wgroam.agent.wireguard;

import dev.wgroam.wireguard.PeerKey;

import java.util.List;
import java.util.Objects;

/**
 * One parsed {@code wg show <iface> dump}: the interface's public key and listen port, the peer
 * lines that parsed, and the ones that did not. The
 * interface's private key and every preshared key were dropped by the parser, so this record can
 * be printed and logged.
 */
public record WgDump(PeerKey publicKey, int listenPort, List<PeerState> peers, List<Rejected> rejected) {

    public WgDump {
        Objects.requireNonNull(publicKey, "publicKey");
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port out of range 0-65535: " + listenPort);
        }
        peers = List.copyOf(peers);
        rejected = List.copyOf(rejected);
    }
}
