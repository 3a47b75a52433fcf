package dev.wgroam.local.accelerator;

import java.time.Duration;

/** How often the stand-in checks endpoints and how many checks flip a state (GA: 10 or 30 s, 1..10). */
public record HealthCheckSettings(Duration interval, int threshold) {

    /** Global Accelerator's fastest setting: every 10 s, one failed check marks an endpoint unhealthy. */
    public static final HealthCheckSettings FASTEST_GA = new HealthCheckSettings(Duration.ofSeconds(10), 1);
}
