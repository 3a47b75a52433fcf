package dev.wgroam.agent.watchdog;

import dev.wgroam.agent.watchdog.Watchdog.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The watchdog's judgement of the tunnel, without I/O or clock: what one check saw and what the
 * previous check left behind go in, the outcome and what to keep come out.
 *
 * <p>Signs of life are a probe reply and a handshake. The tunnel is dead when it showed none for
 * {@code deadAfter}; then it is rebound, and the new flow gets {@code deadAfter} of its own before
 * the next rebind (a new flow may land on the dead node again until the accelerator's health check
 * notices). After a rebind a handshake alone counts: it proves the new node alive while its replies
 * are not routed back yet. Without a probe, handshakes are all there is, so {@code deadAfter} must
 * exceed WireGuard's 2-minute rekey.
 */
public final class Liveness {

    private Liveness() {
    }

    /** What the probe through the tunnel did in one check. */
    public enum Probe { ANSWERED, UNANSWERED, NOT_SENT }

    /**
     * What one check saw.
     *
     * @param handshake the peer's latest handshake; {@link Instant#EPOCH} when there has been none
     *                  since the peer was (re)added, as after every rebind
     */
    public record Seen(Instant now, Instant handshake, Probe probe) {
        public Seen {
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(handshake, "handshake (use Instant.EPOCH for never)");
            Objects.requireNonNull(probe, "probe");
        }

        boolean everHandshook() {
            return !handshake.equals(Instant.EPOCH);
        }
    }

    /**
     * What a check leaves for the next one.
     *
     * @param since the latest moment the tunnel was known alive, was rebound or began to be watched;
     *              {@link Instant#EPOCH} before the first check
     */
    public record State(Instant since) {
        public static final State BEFORE_FIRST_CHECK = new State(Instant.EPOCH);

        public State {
            Objects.requireNonNull(since, "since");
        }
    }

    /** The outcome of one check and the state for the next. */
    public record Decision(Outcome outcome, State next) {
    }

    public static Decision decide(State state, Seen seen, Duration deadAfter) {
        Instant now = seen.now();
        Instant since = state.since();
        if (state.equals(State.BEFORE_FIRST_CHECK) && (seen.probe() != Probe.NOT_SENT || !seen.everHandshook())) {
            // Replies before the start were not watched, and a tunnel that never handshook has had no
            // chance yet; without a probe, an old handshake is evidence enough to act at once.
            since = now;
        }
        since = latest(since, seen.handshake());
        if (seen.probe() == Probe.ANSWERED) {
            since = now;
        }
        // A clock stepped back must not postpone the verdict by as much as it stepped.
        since = since.isAfter(now) ? now : since;
        if (now.isAfter(since.plus(deadAfter))) {
            return new Decision(Outcome.REBOUND, new State(now));
        }
        boolean heard = seen.everHandshook() || seen.probe() == Probe.ANSWERED;
        return new Decision(heard ? Outcome.HEALTHY : Outcome.WAITING_FOR_FIRST_HANDSHAKE, new State(since));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
