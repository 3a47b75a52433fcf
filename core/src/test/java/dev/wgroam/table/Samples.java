package dev.wgroam.table;

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
import java.time.Instant;
import java.util.List;

/** One readable, valid record of each kind, with every optional attribute present. */
final class Samples {

    static final NodeId NODE_A = new NodeId("node-a");
    static final NodeName NAME_A = new NodeName("vpn-eu-west-1a");
    static final NodeId NODE_B = new NodeId("node-b");
    static final NodeName NAME_B = new NodeName("vpn-us-east-1a");
    static final Region EU_WEST_1 = new Region("eu-west-1");
    /** Bytes 0..31, encoded by another base64 implementation than the JDK's. */
    static final String CLIENT_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    /** Bytes 32..63. */
    static final String OTHER_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    /** {@link #CLIENT_KEY} with a spare bit of its last character set. */
    /** The clients interface's public key in the fleet settings. */
    static final String CLIENTS_INTERFACE_KEY = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    static final String NON_CANONICAL_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=";
    /** 2024-05-01T12:00:00Z is 1714564800 seconds after the epoch (GNU date). */
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    static final Instant T5 = Instant.parse("2024-05-01T12:00:05Z");
    static final Cidr VPC = Cidr.parse("10.8.0.0/16");
    static final Cidr CLIENT_ADDRESS = Cidr.parse("10.50.0.7/32");
    /** An EC2 node as approvals name it: its region and accelerator endpoint are the ARN's. */
    static final NodeId INSTANCE = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890");
    static final String INSTANCE_ID = "i-0a1b2c3d4e5f67890";

    private Samples() {
    }

    static Observation observation() {
        return new Observation(NODE_A, new PeerKey(CLIENT_KEY), T0, Endpoint.parse("203.0.113.7:51820"), 1234, 5678, T5);
    }

    static NodeRecord nodeRecord() {
        return new NodeRecord(NODE_A, new PeerKey(OTHER_KEY), Cidr.parse("10.99.0.1/32"),
                Endpoint.parse("198.51.100.4:51821"), T5, "0.1.0", new AppliedRoutes(12, 40, T0));
    }

    static FleetSettings fleetSettings() {
        return new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
                "a1234567890abcdef.awsglobalaccelerator.com", new PeerKey(CLIENTS_INTERFACE_KEY), 51820);
    }

    static NodeApproval approval() {
        return new NodeApproval(INSTANCE, NAME_A, EU_WEST_1, List.of(VPC, Cidr.parse("10.9.0.0/16")),
                new PeerKey(OTHER_KEY), Cidr.parse("10.99.0.1/32"), true, INSTANCE_ID, T0);
    }

    static RegisteredClient client() {
        return new RegisteredClient(new PeerKey(CLIENT_KEY), CLIENT_ADDRESS, new ClientName("callserver-7"), T0);
    }

    static Owner clientOwner() {
        return new Owner(new Subject.Client(new PeerKey(CLIENT_KEY)), CLIENT_ADDRESS, NODE_B, NAME_B,
                T0, 3, T5, NODE_A);
    }

    static Owner vpcOwner() {
        return new Owner(new Subject.Vpc(VPC), VPC, NODE_A, NAME_A, Instant.EPOCH, 1, T5, null);
    }

    static NodeStatus status() {
        return new NodeStatus(NODE_A, NAME_A, EU_WEST_1, NodeState.FAILED, "alarm wg-roam-node-a-heartbeat", T5, 100, 0);
    }
}
