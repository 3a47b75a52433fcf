package dev.wgroam.local;

import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.NodeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        target.put(client.name(), node.name());
        fleet.network().connect(client, node);
        // From here the client's packets go to the new node, which handshakes at once.
        started.put(client.name(), System.nanoTime());
    }

    /** Records the roams that have converged since the last call; returns all converged so far. */
    public synchronized List<Converged> check() {
        List<ClientSpec> pending = fleet.clients().stream().filter(c -> started.containsKey(c.name())).toList();
        // Checked side by side: a check pings every VPC host, and the time it takes is measurement error.
        try (ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<ClientSpec, Future<Long>> results = new java.util.LinkedHashMap<>();
            for (ClientSpec client : pending) {
                results.put(client, checks.submit(() -> {
                    var owner = fleet.owner(client);
                    boolean there = owner != null && owner.node().value().equals(target.get(client.name()))
                            && fleet.converged(client);
                    return there ? System.nanoTime() : null;
                }));
            }
            for (var e : results.entrySet()) {
                Long at = e.getValue().get();
                if (at != null) {
                    String name = e.getKey().name();
                    done.add(new Converged(name, target.get(name), Duration.ofNanos(at - started.remove(name))));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("convergence check failed", e.getCause());
        }
        return List.copyOf(done);
    }

    /** The roams converged so far, without checking again. */
    public synchronized List<Converged> converged() {
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
