package dev.wgroam.agent.heartbeat;

import java.time.Instant;

/** Sends the liveness signal the per-node alarm watches, with the apply failures since the last beat sent. */
@FunctionalInterface
public interface HeartbeatSender {

    /**
     * Sends one beat; failures propagate so the caller can log them and try at the next beat.
     *
     * @param applyFailures failed applies since the last beat that was sent, 0 when none
     */
    void beat(Instant now, long applyFailures);
}
