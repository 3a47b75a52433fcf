package dev.wgroam.local.network;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.Region;
import dev.wgroam.routes.Cidr;

/**
 * One node of the local fleet. Its number decides its addresses: backbone 10.99.0.n, underlay
 * 10.200.0.n, and its VPC (one VPC host at .10). A VPC is shared by the nodes of one region that
 * name the same CIDR, an HA pair: its {@code primary} and a {@link #standby}.
 *
 * @param primary    whether the node is its VPC's preferred owner (approved as its region's primary)
 * @param instanceId its EC2 instance id: its Global Accelerator endpoint and the target of VPC routes
 */
public record NodeSpec(String name, Region region, Cidr vpc, int number, boolean primary, String instanceId) {

    /** A node with a VPC of its own, behind the instance {@code i-<name>}. */
    public NodeSpec(String name, Region region, Cidr vpc, int number) {
        this(name, region, vpc, number, true, "i-" + name);
    }

    /** A standby beside this node: its region and VPC, not the VPC's primary. */
    public NodeSpec standby(String name, int number) {
        return new NodeSpec(name, region, vpc, number, false, "i-" + name);
    }

    /** This node behind another instance id, e.g. one an EC2 emulator made, so its route tables can target it. */
    public NodeSpec withInstanceId(String id) {
        return new NodeSpec(name, region, vpc, number, primary, id);
    }

    /** Whether the two nodes sit in one VPC. */
    public boolean sharesVpcWith(NodeSpec other) {
        return region.equals(other.region) && vpc.equals(other.vpc);
    }

    public NodeId id() {
        return new NodeId(name);
    }

    public Cidr backboneAddress() {
        return Cidr.parse("10.99.0." + number + "/32");
    }

    public String underlayAddress() {
        return "10.200.0." + number;
    }

    public String vpcHostAddress() {
        return vpcAddress(10);
    }

    /** The node's own address in its VPC: .1 for the primary (the VPC host's default gateway), .(100 + n) for a standby. */
    public String vpcGatewayAddress() {
        return vpcAddress(primary ? 1 : 100 + number);
    }

    private String vpcAddress(int host) {
        return vpc.addressText().replaceAll("\\.0$", "." + host);
    }
}
