package dev.wgroam.local;

import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.NodeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves clients between nodes as the accelerator would and times each roam: from the moment the
 * client's traffic turns to the new node (its first handshake there follows at once) until the VPC
 * host behind every node reaches it again.
 */
public final class Roams {

    /** One finished roam. */
    public record Converged(String client, String node, Duration took) {
    }

    private final LocalFleet fleet;
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, String> target = new ConcurrentHashMap<>();
    private final List<Converged> done = new ArrayList<>();

    public Roams(LocalFleet fleet) {
        this.fleet = fleet;
    }

    public void roam(ClientSpec client, NodeSpec node) {
        fleet.network().connect(client, node);
        started.put(client.name(), System.nanoTime());
        target.put(client.name(), node.name());
    }

    /** Records the roams that have converged since the last call; returns all converged so far. */
    public synchronized List<Converged> check() {
        for (ClientSpec client : fleet.clients()) {
            Long start = started.get(client.name());
            if (start == null) {
                continue;
            }
            var owner = fleet.owner(client);
            if (owner != null && owner.node().value().equals(target.get(client.name())) && fleet.converged(client)) {
                done.add(new Converged(client.name(), target.get(client.name()),
                        Duration.ofNanos(System.nanoTime() - start)));
                started.remove(client.name());
            }
        }
        return List.copyOf(done);
    }

    public boolean pending() {
        return !started.isEmpty();
    }

    /** One line per roam still pending: target, owner, handshakes and reachability per node. */
    public String describePending() {
        StringBuilder out = new StringBuilder();
        for (ClientSpec client : fleet.clients()) {
            if (!started.containsKey(client.name())) {
                continue;
            }
            var owner = fleet.owner(client);
            out.append(client.name()).append(" -> ").append(target.get(client.name())).append(": owner ")
                    .append(owner == null ? "none" : owner.node() + " v" + owner.version() + " hs " + owner.handshake());
            for (NodeSpec n : fleet.nodes()) {
                out.append("; ").append(n.name()).append(" hs ").append(fleet.network().latestHandshake(client, n))
                        .append(fleet.network().reaches(n, client) ? " reaches" : " does not reach");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
