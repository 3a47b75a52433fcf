package dev.wgroam.local.stream;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Feeds the table's stream to a handler the way Lambda's event source mapping does: every shard
 * polled 4 times a second, records delivered in order in batches of at most 100, a partial batch
 * failure retried from the first failed record, a record that keeps failing given up after a
 * bounded number of retries (in AWS it would go to the on-failure destination) so the shard moves on.
 */
public final class StreamPoller implements AutoCloseable {

    public static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    public static final int BATCH_SIZE = 100;
    public static final int MAX_RETRIES = 3;

    private final StreamTail tail;
    private final Function<List<Record>, StreamsEventResponse> handler;
    private final Consumer<String> log;
    private final List<Record> pending = new ArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stream-poller").factory());
    private volatile UnaryOperator<List<List<Record>>> deliveryFault = UnaryOperator.identity();
    private int retriesOfHead;
    private long delivered;

    /**
     * @param handler receives the records of one batch as a Lambda event would carry them
     */
    public StreamPoller(DynamoDbStreamsClient streams, String streamArn,
                        Function<List<Record>, StreamsEventResponse> handler, Consumer<String> log) {
        this.tail = new StreamTail(streams, streamArn);
        this.handler = handler;
        this.log = log;
    }

    public void start() {
        poller.scheduleWithFixedDelay(this::pollOnce, 0, POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * For fault scenarios: rewrites the batches of each poll before delivery (duplicates, reorders).
     * The records themselves are checkpointed as if delivered once.
     */
    public void deliveryFault(UnaryOperator<List<List<Record>>> fault) {
        this.deliveryFault = fault;
    }

    /** Records handed to the handler so far (duplicates included). */
    public synchronized long delivered() {
        return delivered;
    }

    synchronized void pollOnce() {
        try {
            pending.addAll(tail.next());
        } catch (RuntimeException e) {
            log.accept("stream read failed, retrying: " + e.getMessage());
            return;
        }
        List<List<Record>> batches = new ArrayList<>();
        for (int i = 0; i < pending.size(); i += BATCH_SIZE) {
            batches.add(List.copyOf(pending.subList(i, Math.min(i + BATCH_SIZE, pending.size()))));
        }
        List<List<Record>> faulty = deliveryFault.apply(batches);
        if (faulty != batches) {
            faulty.forEach(this::deliverIgnoringFailures);
            pending.clear();
            return;
        }
        while (!pending.isEmpty()) {
            List<Record> batch = List.copyOf(pending.subList(0, Math.min(BATCH_SIZE, pending.size())));
            int done = deliver(batch);
            pending.subList(0, done).clear();
            if (done < batch.size()) {
                return; // retry from the failed record at the next poll
            }
        }
    }

    /** Delivers a batch; returns how many leading records are done (delivered, or given up on). */
    private int deliver(List<Record> batch) {
        StreamsEventResponse response = invoke(batch);
        if (response == null) {
            return giveUpOrRetry(batch, 0);
        }
        Set<String> failed = new HashSet<>();
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        for (int i = 0; i < batch.size(); i++) {
            if (failed.contains(batch.get(i).dynamodb().sequenceNumber())) {
                return giveUpOrRetry(batch, i);
            }
        }
        retriesOfHead = 0;
        return batch.size();
    }

    private int giveUpOrRetry(List<Record> batch, int firstFailed) {
        if (firstFailed > 0) {
            retriesOfHead = 0;
            return firstFailed;
        }
        if (++retriesOfHead > MAX_RETRIES) {
            log.accept("record " + batch.get(0).dynamodb().sequenceNumber() + " failed " + MAX_RETRIES
                    + " retries; skipped (AWS would send it to the on-failure destination)");
            retriesOfHead = 0;
            return 1;
        }
        return 0;
    }

    private void deliverIgnoringFailures(List<Record> batch) {
        invoke(batch);
    }

    private StreamsEventResponse invoke(List<Record> batch) {
        delivered += batch.size();
        try {
            return handler.apply(batch);
        } catch (RuntimeException e) {
            log.accept("handler threw, the batch will be retried: " + e);
            return null;
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
