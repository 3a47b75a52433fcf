package dev.wgroam.it;

import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A small fleet to fill tables with: the operator's settings, three approved nodes in three
 * regions (one named by an EC2 instance ARN, as on AWS, so keys carry ':' and '/'), two registered
 * clients, and builders for every item kind.
 */
final class SampleFleet {

    static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.49.0.0/24"),
            "203.0.113.100");

    static final Node NODE_A = new Node(new NodeId("node-a"), new NodeName("vpn-eu-west-1a"), new Region("eu-west-1"), 1);
    static final Node NODE_B = new Node(new NodeId("arn:aws:ec2:us-east-1:123456789012:instance/i-0b1c2d3e4f5a6b7c8"),
            new NodeName("vpn-us-east-1a"), new Region("us-east-1"), 2);
    static final Node NODE_C = new Node(new NodeId("node-c"), new NodeName("vpn-ap-southeast-2a"), new Region("ap-southeast-2"), 3);
    static final List<Node> NODES = List.of(NODE_A, NODE_B, NODE_C);

    static final PeerKey CLIENT_1 = key(0x11);
    static final PeerKey CLIENT_2 = key(0x22);

    private SampleFleet() {
    }

    /** One node: its identity, and a number that makes its addresses and keys its own. */
    record Node(NodeId id, NodeName name, Region region, int number) {
    }

    static PeerKey key(int fill) {
        byte[] raw = new byte[32];
        Arrays.fill(raw, (byte) fill);
        return PeerKey.of(raw);
    }

    /** The client's /32, from the first byte of its key: 10.50.0.17 for {@link #CLIENT_1}. */
    static Cidr tunnelAddress(PeerKey client) {
        return Cidr.host("10.50.0." + (Base64.getDecoder().decode(client.base64())[0] & 0xff));
    }

    /** The operator's registration of {@code client}, at its {@link #tunnelAddress}. */
    static RegisteredClient registered(PeerKey client) {
        return new RegisteredClient(client, tunnelAddress(client),
                new ClientName("client-" + (Base64.getDecoder().decode(client.base64())[0] & 0xff)), T0);
    }

    static Observation observation(Node node, PeerKey client, Instant handshake) {
        return new Observation(node.id(), client, handshake, new Endpoint("198.51.100." + node.number(), 40_000 + node.number()),
                1_000_000L * node.number(), 2_000_000_000_000L + node.number(), handshake.plusSeconds(3));
    }

    /** The backbone key the node's approval pins and its record reports. */
    static PeerKey backboneKey(Node node) {
        return key(0x40 + node.number());
    }

    static Cidr backboneAddress(Node node) {
        return Cidr.host("10.49.0." + node.number());
    }

    /**
     * The operator's approval; node A serves two VPC CIDRs as its region's primary behind an
     * accelerator endpoint, node B (an instance ARN) is the endpoint of its own instance id, C has neither.
     */
    static NodeApproval approval(Node node) {
        boolean full = node.equals(NODE_A);
        String endpoint = full ? "i-0a1b2c3d4e5f6a7b8" : node.equals(NODE_B) ? "i-0b1c2d3e4f5a6b7c8" : "";
        return new NodeApproval(node.id(), node.name(), node.region(),
                full ? List.of(Cidr.parse("10.1.0.0/16"), Cidr.parse("10.2.0.0/16")) : List.of(),
                backboneKey(node), backboneAddress(node), full, endpoint, T0);
    }

    /** What the node's agent says of itself; node A has applied routes, the others none yet. */
    static NodeRecord nodeRecord(Node node) {
        boolean full = node.equals(NODE_A);
        return new NodeRecord(node.id(), backboneKey(node), backboneAddress(node),
                new Endpoint("203.0.113." + node.number(), 51820), T0.plusSeconds(30), "0.1.0+test",
                full ? new AppliedRoutes(3, 7, T0.plusSeconds(10)) : AppliedRoutes.NONE);
    }

    static Owner clientOwner(PeerKey client, Node node, long version, Node previous) {
        return new Owner(new Subject.Client(client), tunnelAddress(client), node.id(), node.name(),
                T0.plusSeconds(version), version, T0.plus(Duration.ofMinutes(version)),
                previous == null ? null : previous.id());
    }

    static Owner vpcOwner(String prefix, Node node, long version) {
        Cidr cidr = Cidr.parse(prefix);
        return new Owner(new Subject.Vpc(cidr), cidr, node.id(), node.name(), Instant.EPOCH, version,
                T0.plus(Duration.ofMinutes(version)), null);
    }

    static NodeStatus status(Node node, NodeState state, String reason) {
        return new NodeStatus(node.id(), node.name(), node.region(), state, reason, T0.plusSeconds(60), 128,
                state.isActive() ? 128 : 0);
    }
}
