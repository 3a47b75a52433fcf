package dev.wgroam.local;

import dev.wgroam.fleet.Region;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.NodeSpec;
import dev.wgroam.routes.Cidr;
import java.util.ArrayList;
import java.util.List;

/** The fleet local mode runs by default: three nodes in two regions, each with its own VPC, and a few clients. */
public final class DefaultFleet {

    public static final List<NodeSpec> NODES = List.of(
            new NodeSpec("node-a", new Region("eu-west-1"), Cidr.parse("172.31.1.0/24"), 1),
            new NodeSpec("node-b", new Region("eu-west-1"), Cidr.parse("172.31.2.0/24"), 2),
            new NodeSpec("node-c", new Region("us-east-1"), Cidr.parse("172.16.1.0/24"), 3));

    private DefaultFleet() {
    }

    /**
     * The lab's geography, for the accelerator: every fourth client is nearest us-east-1, the others
     * eu-west-1 (where two nodes are, so a node there can fail within its region).
     */
    public static List<Region> nearestRegions(ClientSpec client) {
        Region eu = new Region("eu-west-1");
        Region us = new Region("us-east-1");
        return client.number() % 4 == 0 ? List.of(us, eu) : List.of(eu, us);
    }

    /** Clients c1..cN. */
    public static List<ClientSpec> clients(int count) {
        List<ClientSpec> clients = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            clients.add(new ClientSpec("c" + i, i));
        }
        return clients;
    }
}
