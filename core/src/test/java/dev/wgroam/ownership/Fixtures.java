package dev.wgroam.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;

/** Small builders for ownership tests: node "n1".."n9", one client, handshakes in epoch seconds. */
final class Fixtures {

    static final PeerKey CLIENT = PeerKey.of(new byte[32]);
    static final Cidr CLIENT_PREFIX = Cidr.parse("10.50.0.7/32");
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private Fixtures() {
    }

    static NodeId node(String id) {
        return new NodeId(id);
    }

    static Observation seen(String node, long handshakeSeconds) {
        return seen(node, handshakeSeconds, CLIENT_PREFIX);
    }

    static Observation seen(String node, long handshakeSeconds, Cidr prefix) {
        return new Observation(node(node), new NodeName("vpn-" + node), new Region("eu-west-1"), CLIENT, prefix,
                Instant.ofEpochSecond(handshakeSeconds), Endpoint.parse("198.51.100.1:51820"), 100, 200,
                Instant.ofEpochSecond(handshakeSeconds + 1));
    }

    static Owner owner(String node, long handshakeSeconds, long version) {
        return new Owner(new Subject.Client(CLIENT), CLIENT_PREFIX, node(node), new NodeName("vpn-" + node),
                Instant.ofEpochSecond(handshakeSeconds), version, NOW.minusSeconds(60), null);
    }
}
