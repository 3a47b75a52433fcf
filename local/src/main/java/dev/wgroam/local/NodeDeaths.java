package dev.wgroam.local;

import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.NodeSpec;
import dev.wgroam.ownership.Owner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node dies under clients behind the accelerator: how long until each of its clients is back,
 * owned by another node and reached from every surviving node's VPC host.
 */
public final class NodeDeaths {

    private NodeDeaths() {
    }

    /** The clients the node owns now. */
    public static List<ClientSpec> clientsOf(LocalFleet fleet, NodeSpec node) {
        return fleet.clients().stream().filter(c -> {
            Owner owner = fleet.owner(c);
            return owner != null && owner.node().equals(node.id());
        }).toList();
    }

    /** Whether the client is owned by another node and every VPC host but the dead node's reaches it. */
    public static boolean back(LocalFleet fleet, NodeSpec dead, ClientSpec client) {
        Owner owner = fleet.owner(client);
        return owner != null && !owner.node().equals(dead.id()) && fleet.nodes().stream().filter(n -> !n.equals(dead))
                .allMatch(n -> fleet.network().reaches(n, client));
    }

    /**
     * Kills the node and measures, for each of its clients, the time from the death until it is back;
     * a client not back within {@code limit} is missing from the result.
     */
    public static Map<ClientSpec, Duration> kill(LocalFleet fleet, NodeSpec node, Duration limit) throws InterruptedException {
        List<ClientSpec> pending = new ArrayList<>(clientsOf(fleet, node));
        Map<ClientSpec, Duration> back = new LinkedHashMap<>();
        long start = System.nanoTime();
        fleet.killNode(node);
        while (!pending.isEmpty() && System.nanoTime() - start < limit.toNanos()) {
            List<ClientSpec> recovered = pending.parallelStream().filter(c -> back(fleet, node, c)).toList();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            recovered.forEach(c -> back.put(c, took));
            pending.removeAll(recovered);
            Thread.sleep(100);
        }
        return back;
    }
}
