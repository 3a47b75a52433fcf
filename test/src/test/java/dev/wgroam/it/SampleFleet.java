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
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A small fleet to fill tables with: three nodes in three regions (one named by an EC2 instance
 * ARN, as on AWS, so keys carry ':' and '/'), two clients, and builders for every item kind.
 */
final class SampleFleet {

    static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

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

    static Observation observation(Node node, PeerKey client, Instant handshake) {
        return new Observation(node.id(), node.name(), node.region(), client, tunnelAddress(client), handshake,
                new Endpoint("198.51.100." + node.number(), 40_000 + node.number()),
                1_000_000L * node.number(), 2_000_000_000_000L + node.number(), handshake.plusSeconds(3));
    }

    /** A node record; node A has two VPC prefixes and a Global Accelerator endpoint, the others neither. */
    static NodeRecord nodeRecord(Node node) {
        boolean full = node.equals(NODE_A);
        return new NodeRecord(node.id(), node.name(), node.region(), key(0x40 + node.number()),
                Cidr.host("10.49.0." + node.number()), new Endpoint("203.0.113." + node.number(), 51820),
                full ? List.of(Cidr.parse("10.1.0.0/16"), Cidr.parse("10.2.0.0/16")) : List.of(),
                full, full ? "i-0a1b2c3d4e5f6a7b8" : "", T0.plusSeconds(30), "0.1.0+test",
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
        return new NodeStatus(node.id(), node.name(), node.region(), state, reason, T0.plusSeconds(60), 128);
    }
}
