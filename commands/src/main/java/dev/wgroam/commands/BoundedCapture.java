package dev.wgroam.commands;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one output stream of a child process to its end on its own thread, keeping at most
 * {@code limit} bytes. It always reads to the end, so a chatty child never blocks on a full pipe;
 * whether going over the limit is an error is the runner's decision.
 */
final class BoundedCapture {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private final Runnable onOverflow;
    private final Thread reader;
    private volatile boolean overflowed;

    private BoundedCapture(InputStream stream, int limit, Runnable onOverflow, String name) {
        this.limit = limit;
        this.onOverflow = onOverflow;
        this.reader = Thread.ofVirtual().name(name).start(() -> drain(stream));
    }

    static BoundedCapture start(InputStream stream, int limit, Runnable onOverflow, String name) {
        return new BoundedCapture(stream, limit, onOverflow, name);
    }

    /** Waits up to {@code millis} for the end of the stream; a grandchild holding the pipe may keep it open. */
    void awaitEnd(long millis) throws InterruptedException {
        reader.join(Math.max(1, millis));
    }

    boolean overflowed() {
        return overflowed;
    }

    /** What was kept so far, decoded as UTF-8 (the runner sets {@code LC_ALL=C}, so it is ASCII in practice). */
    String text() {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }

    private void drain(InputStream stream) {
        byte[] buffer = new byte[8192];
        try (stream) {
            int n;
            while ((n = stream.read(buffer)) >= 0) {
                keep(buffer, n);
            }
        } catch (IOException e) {
            // The stream closes under us when the process is killed; what was kept stays valid.
        }
    }

    private void keep(byte[] buffer, int n) {
        int room;
        synchronized (kept) {
            room = limit - kept.size();
            kept.write(buffer, 0, Math.max(0, Math.min(room, n)));
        }
        if (n > room && !overflowed) {
            overflowed = true;
            onOverflow.run();
        }
    }
}
