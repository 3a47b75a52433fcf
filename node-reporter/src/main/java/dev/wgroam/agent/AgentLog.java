package dev.wgroam.agent;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's log: one line per event on stdout (journald keeps it). Changes are logged as they
 * happen; a repeating problem is logged once per {@link #REPEAT_INTERVAL} with how often it recurred.
 */
public final class AgentLog {

    static final Duration REPEAT_INTERVAL = Duration.ofMinutes(1);

    private final PrintStream out;
    private final Clock clock;
    private final Map<String, Instant> lastLogged = new HashMap<>();
    private final Map<String, Integer> suppressed = new HashMap<>();

    public AgentLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public synchronized void info(String message) {
        out.println(clock.instant() + " INFO " + message);
    }

    /** Logs a problem, at most once per minute per {@code kind}, with the count of repeats in between. */
    public synchronized void problem(String kind, String message) {
        Instant now = clock.instant();
        Instant last = lastLogged.get(kind);
        if (last != null && now.isBefore(last.plus(REPEAT_INTERVAL))) {
            suppressed.merge(kind, 1, Integer::sum);
            return;
        }
        Integer repeats = suppressed.remove(kind);
        lastLogged.put(kind, now);
        out.println(now + " WARN " + message + (repeats == null ? "" : " (and " + repeats + " more like it)"));
    }

    /** Says that a problem is over, once, if it was logged. */
    public synchronized void resolved(String kind, String message) {
        if (lastLogged.remove(kind) != null) {
            suppressed.remove(kind);
            out.println(clock.instant() + " INFO " + message);
        }
    }
}
