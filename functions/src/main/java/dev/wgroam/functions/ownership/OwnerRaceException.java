package dev.wgroam.functions.ownership;

import dev.wgroam.ownership.Subject;

/**
 * Thrown when concurrent invocations kept winning the conditional owner write for one subject;
 * the records are reported failed so Lambda retries them after the contention has passed.
 */
public final class OwnerRaceException extends RuntimeException {

    public OwnerRaceException(Subject subject, int attempts) {
        super("owner of " + subject.id() + " changed under every one of " + attempts + " attempts; will retry the records");
    }
}
