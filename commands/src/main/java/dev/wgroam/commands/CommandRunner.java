package dev.wgroam.commands;

import java.util.List;

/**
 * Runs one external program by argument vector and returns what it printed on stdout. There is no
 * shell anywhere: {@code argv.get(0)} is the program (looked up on PATH) and every other element
 * reaches it as one argument, whatever characters it holds.
 *
 * <p>Implementations throw {@link CommandFailedException} when the program cannot be started,
 * exits with a non-zero status, runs past its timeout or prints more than allowed.
 */
public interface CommandRunner {

    /**
     * Runs {@code argv} with {@code stdin} as its standard input and returns its stdout. Secrets
     * (e.g. a private key for {@code wg set ... private-key /dev/stdin}) go here rather than into
     * argv, because argv is visible to every user in {@code /proc} and is part of error messages.
     */
    String run(List<String> argv, String stdin);

    /** Runs {@code argv} with an empty standard input and returns its stdout. */
    default String run(List<String> argv) {
        return run(argv, "");
    }
}
