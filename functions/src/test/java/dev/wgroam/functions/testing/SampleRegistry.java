package dev.wgroam.functions.testing;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.List;

/** What an operator approves and registers, for the functions' tests: one fleet's settings, approvals and clients. */
public final class SampleRegistry {

    public static final Cidr CLIENT_CIDR = Cidr.parse("10.50.0.0/16");
    public static final Cidr BACKBONE_RANGE = Cidr.parse("10.99.0.0/24");
    public static final FleetSettings SETTINGS = new FleetSettings(CLIENT_CIDR, BACKBONE_RANGE, "203.0.113.10");
    public static final Instant APPROVED_AT = Instant.parse("2026-11-01T00:00:00Z");

    private SampleRegistry() {
    }

    /**
     * An approval; {@code n} (1-254) makes its backbone key and address unique in the fleet.
     *
     * @param gaEndpointId empty for a node behind no accelerator
     */
    public static NodeApproval approval(NodeId node, int n, String name, Region region, boolean primary,
                                        String gaEndpointId, List<Cidr> vpcCidrs) {
        return new NodeApproval(node, new NodeName(name), region, vpcCidrs, key(100 + n),
                Cidr.parse("10.99.0." + n + "/32"), primary, gaEndpointId, APPROVED_AT);
    }

    /** Client {@code n} (1-254): key {@link #clientKey}, address 10.50.0.n/32, name client-n. */
    public static RegisteredClient client(int n) {
        return new RegisteredClient(clientKey(n), Cidr.parse("10.50.0." + n + "/32"), new ClientName("client-" + n),
                APPROVED_AT);
    }

    public static PeerKey clientKey(int n) {
        return key(n);
    }

    private static PeerKey key(int n) {
        byte[] raw = new byte[32];
        raw[0] = (byte) n;
        raw[1] = (byte) (n >> 8);
        raw[31] = 0x55;
        return PeerKey.of(raw);
    }
}
