package dev.wgroam.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class WriteQueueTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    /** A table that throttles the first {@code failures} writes, then records what lands. */
    static final class ThrottlingTable implements WriteQueue.Sink {
        int failures;
        final List<Map<String, AttributeValue>> landed = new ArrayList<>();

        @Override
        public void put(Map<String, AttributeValue> item) {
            if (failures > 0) {
                failures--;
                throw ProvisionedThroughputExceededException.builder().message("slow down").build();
            }
            landed.add(item);
        }
    }

    private static Map<String, AttributeValue> item(String sk, String value) {
        return Map.of("pk", AttributeValue.fromS("node#a"), "sk", AttributeValue.fromS(sk),
                "endpoint", AttributeValue.fromS(value));
    }

    @Test
    void offer_keepsOnlyTheLatestItemPerKey() {
        ThrottlingTable table = new ThrottlingTable();
        WriteQueue queue = new WriteQueue(table, 10, () -> 0.5, e -> { });

        queue.offer(item("observation#x", "old"));
        queue.offer(item("observation#y", "y"));
        queue.offer(item("observation#x", "new"));

        assertNull(queue.drain(NOW));
        assertEquals(List.of(item("observation#x", "new"), item("observation#y", "y")), table.landed);
    }

    @Test
    void drain_whenThrottled_backsOffExponentiallyAndLosesNothing() {
        ThrottlingTable table = new ThrottlingTable();
        table.failures = 3;
        List<RuntimeException> seen = new ArrayList<>();
        WriteQueue queue = new WriteQueue(table, 10, () -> 1.0, seen::add);
        queue.offer(item("observation#x", "x"));

        Instant first = queue.drain(NOW);
        assertEquals(NOW.plusMillis(200), first);
        assertEquals(first, queue.drain(NOW.plusMillis(100)), "no attempt while backing off");
        Instant second = queue.drain(first);
        assertEquals(first.plusMillis(400), second);
        Instant third = queue.drain(second);
        assertEquals(second.plusMillis(800), third);
        assertNull(queue.drain(third));

        assertEquals(List.of(item("observation#x", "x")), table.landed);
        assertEquals(3, seen.size());
        assertEquals(new WriteQueue.Counters(1, 3, 0), queue.counters());
    }

    @Test
    void offer_whenFull_refusesNewKeysButStillReplacesWaitingOnes() {
        WriteQueue queue = new WriteQueue(new ThrottlingTable(), 2, () -> 0.5, e -> { });

        assertTrue(queue.offer(item("observation#a", "1")));
        assertTrue(queue.offer(item("observation#b", "1")));
        assertFalse(queue.offer(item("observation#c", "1")));
        assertTrue(queue.offer(item("observation#a", "2")));

        assertEquals(2, queue.size());
        assertEquals(1, queue.counters().refused());
    }

    @Test
    void drain_afterAFailure_retriesTheFailedItemBehindTheOthers() {
        ThrottlingTable table = new ThrottlingTable();
        table.failures = 1;
        WriteQueue queue = new WriteQueue(table, 10, () -> 0.5, e -> { });
        queue.offer(item("observation#a", "a"));
        queue.offer(item("observation#b", "b"));

        Instant retry = queue.drain(NOW);
        assertNull(queue.drain(retry));

        assertEquals(List.of(item("observation#b", "b"), item("observation#a", "a")), table.landed);
    }
}
