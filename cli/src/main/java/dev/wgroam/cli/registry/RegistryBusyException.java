package dev.wgroam.cli.registry;

/**
 * Thrown when a registry write lost its conditional race more often than the retry bound allows,
 * or when what it was about changed between reading and writing: another operator was writing the
 * same items at the same time. What this write would have changed was not written; the message
 * says what was (an import may have written its first transactions) and that running it again
 * finishes it.
 */
public final class RegistryBusyException extends RuntimeException {

    public RegistryBusyException(String message) {
        super(message);
    }
}
