package dev.wgroam.agent.routes;

import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.List;
import java.util.stream.Collectors;

/** One change to the host, and the argument vector that makes it (never a shell). */
public sealed interface HostChange {

    List<String> argv(Interfaces interfaces);

    /** Creates or updates a backbone peer with its full allowed-IPs list (wg moves a prefix from any other peer). */
    record UpsertPeer(BackbonePeer peer) implements HostChange {
        @Override
        public List<String> argv(Interfaces interfaces) {
            return List.of("wg", "set", interfaces.backbone().value(), "peer", peer.key().base64(),
                    "endpoint", peer.endpoint().toString(),
                    "persistent-keepalive", Integer.toString(BackbonePeer.KEEPALIVE_SECONDS),
                    "allowed-ips", peer.allowedIps().stream().map(Cidr::toString).collect(Collectors.joining(",")));
        }
    }

    record ReplaceRoute(Cidr prefix, InterfaceName device) implements HostChange {
        @Override
        public List<String> argv(Interfaces interfaces) {
            return List.of("ip", "route", "replace", prefix.toString(), "dev", device.value());
        }
    }

    record DeleteRoute(Cidr prefix, InterfaceName device) implements HostChange {
        @Override
        public List<String> argv(Interfaces interfaces) {
            return List.of("ip", "route", "del", prefix.toString(), "dev", device.value());
        }
    }

    record RemovePeer(PeerKey key) implements HostChange {
        @Override
        public List<String> argv(Interfaces interfaces) {
            return List.of("wg", "set", interfaces.backbone().value(), "peer", key.base64(), "remove");
        }
    }

    /** Creates a client's peer on the clients interface, or gives it back its one address (taking it from any other peer). */
    record UpsertClientPeer(PeerKey key, Cidr address) implements HostChange {
        @Override
        public List<String> argv(Interfaces interfaces) {
            return List.of("wg", "set", interfaces.clients().value(), "peer", key.base64(), "allowed-ips", address.toString());
        }
    }

    record RemoveClientPeer(PeerKey key) implements HostChange {
        @Override
        public List<String> argv(Interfaces interfaces) {
            return List.of("wg", "set", interfaces.clients().value(), "peer", key.base64(), "remove");
        }
    }
}
