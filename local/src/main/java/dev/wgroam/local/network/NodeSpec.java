package dev.wgroam.local.network;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.Region;
import dev.wgroam.routes.Cidr;

/**
 * One node of the local fleet. Its number decides its addresses: backbone 10.99.0.n, underlay
 * 10.200.0.n, and its VPC (own subnet, one VPC host at .10).
 */
public record NodeSpec(String name, Region region, Cidr vpc, int number) {

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
        return vpc.addressText().replaceAll("\\.0$", ".10");
    }

    public String vpcGatewayAddress() {
        return vpc.addressText().replaceAll("\\.0$", ".1");
    }
}
