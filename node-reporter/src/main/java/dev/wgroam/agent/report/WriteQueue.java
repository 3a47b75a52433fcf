package dev.wgroam.agent.report;

import dev.wgroam.table.TableSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items waiting to be written, at most one per table key: a newer item for the same key replaces
 * the waiting one, so a long outage costs memory per client, not per poll, and the latest state is
 * what lands. Bounded; when full, new keys are refused and counted. A failed write leaves the
 * item waiting, moves it behind the others and backs off exponentially with jitter.
 * Thread-safe: the agent's loops offer, one writer thread drains.
 */
public final class WriteQueue {

    /** Writes one item; throws on any failure (throttling, network, permissions). */
    @FunctionalInterface
    public interface Sink {
        void put(Map<String, AttributeValue> item);
    }

    private static final Duration BASE_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Sink sink;
    private final int capacity;
    private final DoubleSupplier random;
    private final Consumer<RuntimeException> onFailure;
    private final LinkedHashMap<String, Map<String, AttributeValue>> pending = new LinkedHashMap<>();
    private int consecutiveFailures;
    private Instant retryAt = Instant.EPOCH;
    private long written;
    private long failures;
    private long refused;

    public WriteQueue(Sink sink, int capacity, DoubleSupplier random, Consumer<RuntimeException> onFailure) {
        this.sink = sink;
        this.capacity = capacity;
        this.random = random;
        this.onFailure = onFailure;
    }

    /** Queues an item, replacing a waiting item with the same key; false when full and the key is new. */
    public synchronized boolean offer(Map<String, AttributeValue> item) {
        String key = item.get(TableSchema.PARTITION_KEY).s() + "\u0000" + item.get(TableSchema.SORT_KEY).s();
        if (!pending.containsKey(key) && pending.size() >= capacity) {
            refused++;
            return false;
        }
        pending.put(key, item);
        notifyAll();
        return true;
    }

    /**
     * Writes what is waiting, unless backing off; stops at the first failure.
     *
     * @return when to call again: now if more waits, the backoff end after a failure, or null when empty
     */
    public Instant drain(Instant now) {
        if (now.isBefore(retryAt())) {
            return retryAt();
        }
        while (true) {
            Map.Entry<String, Map<String, AttributeValue>> next = first();
            if (next == null) {
                return null;
            }
            try {
                sink.put(next.getValue());
            } catch (RuntimeException e) {
                return failed(next, e, now);
            }
            succeeded(next);
        }
    }

    private synchronized Map.Entry<String, Map<String, AttributeValue>> first() {
        Map.Entry<String, Map<String, AttributeValue>> first = pending.firstEntry();
        return first == null ? null : Map.entry(first.getKey(), first.getValue());
    }

    private synchronized void succeeded(Map.Entry<String, Map<String, AttributeValue>> done) {
        // Remove only if no newer item for the key arrived while writing.
        pending.remove(done.getKey(), done.getValue());
        written++;
        consecutiveFailures = 0;
        retryAt = Instant.EPOCH;
    }

    private synchronized Instant failed(Map.Entry<String, Map<String, AttributeValue>> item, RuntimeException e,
                                        Instant now) {
        failures++;
        consecutiveFailures++;
        Map<String, AttributeValue> current = pending.remove(item.getKey());
        if (current != null) {
            pending.put(item.getKey(), current);
        }
        long cap = Math.min(MAX_BACKOFF.toMillis(), BASE_BACKOFF.toMillis() << Math.min(consecutiveFailures - 1, 20));
        long wait = (long) (cap * (0.5 + random.getAsDouble() / 2));
        retryAt = now.plusMillis(wait);
        onFailure.accept(e);
        return retryAt;
    }

    /** Blocks until something is queued or the timeout passes; for the writer thread. */
    public synchronized void awaitWork(Duration timeout) throws InterruptedException {
        if (pending.isEmpty()) {
            wait(Math.max(1, timeout.toMillis()));
        }
    }

    private synchronized Instant retryAt() {
        return retryAt;
    }

    public synchronized int size() {
        return pending.size();
    }

    /** Items written, failed write attempts, and items refused because the queue was full. */
    public record Counters(long written, long failures, long refused) {
    }

    public synchronized Counters counters() {
        return new Counters(written, failures, refused);
    }
}
