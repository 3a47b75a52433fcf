package dev.wgroam.local;

import dev.wgroam.agent.control.ControlProtocol;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.ownership.CommandSender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * What SSM Run Command does in AWS, on one machine: each update the ownership function sends to a
 * region reaches every running agent of that region through its control socket — the path
 * {@code wg-roam-agent apply} takes on a node. Agents register as they start. A drop rate loses
 * commands on purpose, to show that reconcile heals.
 */
public final class LocalTransport implements CommandSender {

    private final Map<Region, List<Path>> sockets = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private final DoubleSupplier random;
    private volatile double dropRate;
    private final AtomicInteger dropped = new AtomicInteger();

    public LocalTransport(DoubleSupplier random) {
        this.random = random;
    }

    public void register(Region region, Path socket) {
        sockets.computeIfAbsent(region, r -> new CopyOnWriteArrayList<>()).add(socket);
    }

    public void unregister(Region region, Path socket) {
        sockets.getOrDefault(region, new ArrayList<>()).remove(socket);
    }

    /** Loses this share of deliveries (0 = none, 0.5 = half). */
    public void dropRate(double rate) {
        this.dropRate = rate;
    }

    public int droppedCount() {
        return dropped.get();
    }

    @Override
    public Map<Region, Outcome> send(Set<Region> regions, List<String> payloads) {
        Map<Region, Outcome> outcomes = new LinkedHashMap<>();
        for (Region region : regions) {
            List<Future<String>> calls = new ArrayList<>();
            for (Path socket : sockets.getOrDefault(region, List.of())) {
                for (String payload : payloads) {
                    if (random.getAsDouble() < dropRate) {
                        dropped.incrementAndGet();
                        continue;
                    }
                    calls.add(deliveries.submit(() -> deliver(socket, payload)));
                }
            }
            String error = null;
            for (Future<String> call : calls) {
                try {
                    String failure = call.get();
                    error = error == null ? failure : error;
                } catch (Exception e) {
                    error = String.valueOf(e);
                }
            }
            outcomes.put(region, new Outcome(payloads.size(), error));
        }
        return outcomes;
    }

    private static String deliver(Path socket, String payload) {
        try {
            String reply = ControlProtocol.call(socket, payload, 256 * 1024);
            return ControlProtocol.Status.of(reply) == ControlProtocol.Status.OK ? null
                    : socket + ": " + reply.lines().findFirst().orElse("");
        } catch (IOException e) {
            return socket + " unreachable: " + e.getMessage();
        }
    }
}
