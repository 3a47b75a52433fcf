package dev.wgroam.commands;

import dev.wgroam.text.Printable;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Thrown when an external program could not be started, exited with a non-zero status, ran past
 * its timeout or printed more than the runner accepts. The caller decides what happens next (the
 * observer keeps its last observation and tries again at the next poll). The message names the
 * program, its arguments, what went wrong and the start of stderr; stdout is kept out of the
 * message because some programs print secrets there ({@code wg show dump} prints the private key).
 */
public final class CommandFailedException extends RuntimeException {

    /** What went wrong, one value per failure mode. */
    public enum Reason {
        /** The program could not be started: not installed, not on PATH or not executable. */
        NOT_STARTED,
        /** The program ran and exited with a status other than 0. */
        EXITED_NONZERO,
        /** The program ran past the runner's timeout and was killed. */
        TIMED_OUT,
        /** The program printed more on stdout than the runner accepts and was killed. */
        OUTPUT_TOO_LARGE,
        /** The waiting thread was interrupted; the program was killed. */
        INTERRUPTED
    }

    private static final int NO_EXIT_CODE = -1;

    private final List<String> argv;
    private final Reason reason;
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    private CommandFailedException(List<String> argv, Reason reason, int exitCode, String stdout, String stderr,
                                   String what, Throwable cause) {
        super(render(argv) + " " + what + stderrSuffix(stderr), cause);
        this.argv = List.copyOf(argv);
        this.reason = reason;
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static CommandFailedException notStarted(List<String> argv, Throwable cause) {
        return new CommandFailedException(argv, Reason.NOT_STARTED, NO_EXIT_CODE, "", "",
                "could not be started (" + cause.getMessage() + "); check that the program is installed and on PATH", cause);
    }

    /** A program that ran and exited with {@code exitCode}; public so that models of programs fail as the real ones do. */
    public static CommandFailedException exited(List<String> argv, int exitCode, String stdout, String stderr) {
        return new CommandFailedException(argv, Reason.EXITED_NONZERO, exitCode, stdout, stderr,
                "exited with status " + exitCode, null);
    }

    static CommandFailedException timedOut(List<String> argv, Duration timeout, String stdout, String stderr) {
        return new CommandFailedException(argv, Reason.TIMED_OUT, NO_EXIT_CODE, stdout, stderr,
                "did not finish within " + timeout.toMillis() + " ms and was killed", null);
    }

    static CommandFailedException outputTooLarge(List<String> argv, int maxStdoutBytes, String stderr) {
        return new CommandFailedException(argv, Reason.OUTPUT_TOO_LARGE, NO_EXIT_CODE, "", stderr,
                "printed more than " + maxStdoutBytes + " bytes on stdout and was killed", null);
    }

    static CommandFailedException interrupted(List<String> argv, InterruptedException cause) {
        return new CommandFailedException(argv, Reason.INTERRUPTED, NO_EXIT_CODE, "", "",
                "was killed because the waiting thread was interrupted", cause);
    }

    public List<String> argv() {
        return argv;
    }

    public Reason reason() {
        return reason;
    }

    /** The exit status, present only for {@link Reason#EXITED_NONZERO}. */
    public OptionalInt exitCode() {
        return exitCode == NO_EXIT_CODE ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** Everything captured on stdout (bounded by the runner); may hold secrets, so never log it whole. */
    public String stdout() {
        return stdout;
    }

    /** Everything captured on stderr (bounded by the runner). */
    public String stderr() {
        return stderr;
    }

    /** The argv as a reader would type it, e.g. {@code `wg show clients dump`}; odd arguments are quoted. */
    static String render(List<String> argv) {
        return argv.stream()
                .map(arg -> arg.isEmpty() || arg.chars().anyMatch(c -> c <= ' ' || c == '\'' || c == '"' || c == 0x7f)
                        ? Printable.quote(arg) : arg)
                .collect(Collectors.joining(" ", "`", "`"));
    }

    private static String stderrSuffix(String stderr) {
        String trimmed = stderr.strip();
        return trimmed.isEmpty() ? "" : "; stderr: " + Printable.quote(trimmed);
    }
}
