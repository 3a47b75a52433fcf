package dev.wgroam.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for something a real system does in its own time. */
public final class Eventually {

    private Eventually() {
    }

    /** Whether {@code check} held within {@code limit}, asking every 50 ms and once more at the end. */
    public static boolean within(Duration limit, BooleanSupplier check) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return check.getAsBoolean();
    }
}
