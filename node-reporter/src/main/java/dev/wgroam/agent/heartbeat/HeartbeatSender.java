package dev.wgroam.agent.heartbeat;

import java.time.Instant;

/** Sends the liveness signal the per-node alarm watches. */
@FunctionalInterface
public interface HeartbeatSender {

    /** Sends one beat; failures propagate so the caller can log them and try at the next beat. */
    void beat(Instant now);
}
