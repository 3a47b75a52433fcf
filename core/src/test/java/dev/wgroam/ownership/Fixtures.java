package dev.wgroam.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Small builders for ownership tests: nodes "n1".."n9" and "a".."c", each approved as "vpn-&lt;id&gt;"
 * with a backbone key and address of its own, one registered client, handshakes in epoch seconds.
 */
final class Fixtures {

    static final PeerKey CLIENT = PeerKey.of(new byte[32]);
    static final Cidr CLIENT_PREFIX = Cidr.parse("10.50.0.7/32");
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "accelerator.example.com");
    static final RegisteredClient REGISTERED = new RegisteredClient(CLIENT, CLIENT_PREFIX, new ClientName("laptop"),
            Instant.EPOCH);
    static final List<String> APPROVED = Stream.concat(IntStream.rangeClosed(1, 9).mapToObj(i -> "n" + i),
            Stream.of("a", "b", "c")).toList();
    /** Every node of {@link #APPROVED} approved, {@link #REGISTERED} registered. */
    static final Registry REGISTRY = registryOf(APPROVED);

    private Fixtures() {
    }

    static NodeId node(String id) {
        return new NodeId(id);
    }

    static NodeName name(String id) {
        return new NodeName("vpn-" + id);
    }

    /** The approval of {@code id}: backbone key and address derived from its place in {@link #APPROVED}. */
    static NodeApproval approval(String id) {
        int index = APPROVED.indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("no fixture node " + id);
        }
        byte[] key = new byte[32];
        key[0] = (byte) (index + 1);
        return new NodeApproval(node(id), name(id), new Region("eu-west-1"), List.of(), PeerKey.of(key),
                Cidr.parse("10.99.0." + (index + 1) + "/32"), false, "", Instant.EPOCH);
    }

    /** A registry in which only {@code nodes} are approved, with {@link #REGISTERED} registered. */
    static Registry registryOf(List<String> nodes) {
        return Registry.of(SETTINGS, nodes.stream().map(Fixtures::approval).toList(), List.of(REGISTERED));
    }

    static Observation seen(String node, long handshakeSeconds) {
        return new Observation(node(node), CLIENT, Instant.ofEpochSecond(handshakeSeconds),
                Endpoint.parse("198.51.100.1:51820"), 100, 200, Instant.ofEpochSecond(handshakeSeconds + 1));
    }

    static Owner owner(String node, long handshakeSeconds, long version) {
        return new Owner(new Subject.Client(CLIENT), CLIENT_PREFIX, node(node), name(node),
                Instant.ofEpochSecond(handshakeSeconds), version, NOW.minusSeconds(60), null);
    }
}
