package dev.wgroam.local.accelerator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Global Accelerator's TCP health checks: every interval, a connect to each endpoint's health port;
 * an endpoint changes state after {@code threshold} consecutive checks that disagree with it (GA
 * allows 10 or 30 s and 1..10; the first verdict on a new endpoint counts at once).
 */
public final class HealthChecks implements AutoCloseable {

    private final Accelerator accelerator;
    private final Map<String, Supplier<InetSocketAddress>> targets;
    private final int threshold;
    private final int timeoutMillis;
    private final Map<String, HealthState> states = new HashMap<>();
    private final Map<String, Integer> disagreements = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "accelerator-health-checks");
        t.setDaemon(true);
        return t;
    });

    /** @param targets each endpoint's health port now; null while it has none (its agent is not running) */
    public HealthChecks(Accelerator accelerator, Map<String, Supplier<InetSocketAddress>> targets, Duration interval,
                        int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        this.accelerator = accelerator;
        this.targets = Map.copyOf(targets);
        this.threshold = threshold;
        this.timeoutMillis = (int) Math.min(1000, interval.toMillis() / 2);
        // The first round comes an interval after the start, as GA checks a new endpoint; until then it is INITIAL.
        timer.scheduleWithFixedDelay(this::checkAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round of checks; public so that tests need not wait for the timer. */
    public synchronized void checkAll() {
        targets.forEach((id, target) -> verdict(id, answers(target.get())));
    }

    private void verdict(String id, boolean healthy) {
        HealthState seen = healthy ? HealthState.HEALTHY : HealthState.UNHEALTHY;
        HealthState current = states.getOrDefault(id, HealthState.INITIAL);
        if (seen == current) {
            disagreements.remove(id);
            return;
        }
        int count = disagreements.merge(id, 1, Integer::sum);
        if (current == HealthState.INITIAL || count >= threshold) {
            states.put(id, seen);
            disagreements.remove(id);
            accelerator.health(id, seen);
        }
    }

    private boolean answers(InetSocketAddress target) {
        if (target == null) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(target, timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
