package dev.wgroam.cli.registry;

/**
 * Thrown when a registry write is refused before anything is written: the consumers would not
 * believe it ({@code Registry.of} would leave it or another entry out), or it clashes with what is
 * registered — a key, address or name already taken, a node without a record, no fleet settings
 * yet. The message says what to change.
 */
public final class RegistryRefusedException extends RuntimeException {

    public RegistryRefusedException(String message) {
        super(message);
    }
}
