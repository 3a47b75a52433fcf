package dev.wgroam.registry;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Short builders for registry tests: keys from one byte, prefixes from text, nodes "vpn-&lt;id&gt;". */
final class Entries {

    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "accelerator.example.com");
    static final Instant APPROVED_AT = Instant.parse("2026-11-01T00:00:00Z");

    private Entries() {
    }

    /** A key whose first byte is {@code b}; distinct {@code b}, distinct keys. */
    static PeerKey key(int b) {
        byte[] raw = new byte[32];
        raw[0] = (byte) b;
        raw[31] = 1;
        return PeerKey.of(raw);
    }

    static List<Cidr> cidrs(String... texts) {
        return Arrays.stream(texts).map(Cidr::parse).toList();
    }

    static NodeApproval approval(String node, String region, int key, String backboneAddress, String... vpcCidrs) {
        return new NodeApproval(new NodeId(node), new NodeName("vpn-" + node), new Region(region), cidrs(vpcCidrs),
                key(key), Cidr.parse(backboneAddress), false, "", APPROVED_AT);
    }

    static RegisteredClient client(String name, int key, String address) {
        return new RegisteredClient(key(100 + key), Cidr.parse(address), new ClientName(name), APPROVED_AT);
    }
}
