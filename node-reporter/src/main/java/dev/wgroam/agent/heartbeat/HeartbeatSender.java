package dev.wgroam.agent.heartbeat;

import java.time.Instant;

/** Sends the liveness signal the per-node alarm watches, with what went wrong since the last beat sent. */
@FunctionalInterface
public interface HeartbeatSender {

    /**
     * What the agent counted since the last beat that was sent.
     *
     * @param applyFailures pushes and reconciles that left the host short of the desired state
     * @param refusals      owner entries and node records the agent refused to believe
     */
    record Counts(long applyFailures, long refusals) {
        public static final Counts NONE = new Counts(0, 0);

        public Counts {
            if (applyFailures < 0 || refusals < 0) {
                throw new IllegalArgumentException("counts since the last beat cannot be negative");
            }
        }
    }

    /** Sends one beat; failures propagate so the caller can log them and try at the next beat. */
    void beat(Instant now, Counts sinceLastBeat);
}
