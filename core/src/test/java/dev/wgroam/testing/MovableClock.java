package dev.wgroam.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** A clock the test moves by setting {@link #now}; shared by the modules' tests through core's test jar. */
public final class MovableClock extends Clock {

    public volatile Instant now;

    public MovableClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
