package dev.wgroam.agent.wireguard;

/**
 * Thrown when the interface line (the first line) of {@code wg show dump} is missing or unusable.
 * Without it no peer line can be trusted to describe the interface that was asked about, so the
 * whole dump is refused: the caller keeps its last observation and tries again at the next poll.
 * The message never holds key material.
 */
public final class MalformedDumpException extends RuntimeException {

    MalformedDumpException(String message) {
        super(message);
    }
}
