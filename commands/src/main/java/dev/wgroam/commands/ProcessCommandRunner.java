package dev.wgroam.commands;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs with {@link ProcessBuilder}: argv as given, the agent's environment plus
 * {@code LC_ALL=C} (so messages and number formats do not change with the host's locale), a
 * timeout after which the program and its children are killed, and bounded stdout and stderr.
 * Thread-safe: one instance serves the whole agent.
 */
public final class ProcessCommandRunner implements CommandRunner {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Enough for `wg show dump` of tens of thousands of peers (about 200 bytes each). */
    public static final int DEFAULT_MAX_STDOUT_BYTES = 16 * 1024 * 1024;
    /** Stderr only feeds error messages; beyond this it is cut, not an error. */
    public static final int MAX_STDERR_BYTES = 64 * 1024;

    /** How long to wait for a killed process to go, and for pipes to drain after exit. */
    private static final long GRACE_MILLIS = 2_000;

    private final Duration timeout;
    private final int maxStdoutBytes;

    public ProcessCommandRunner(Duration timeout, int maxStdoutBytes) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive, not " + timeout);
        }
        if (maxStdoutBytes < 1) {
            throw new IllegalArgumentException("stdout limit must be at least 1 byte, not " + maxStdoutBytes);
        }
        this.timeout = timeout;
        this.maxStdoutBytes = maxStdoutBytes;
    }

    public static ProcessCommandRunner withDefaults() {
        return new ProcessCommandRunner(DEFAULT_TIMEOUT, DEFAULT_MAX_STDOUT_BYTES);
    }

    @Override
    public String run(List<String> argv, String stdin) {
        List<String> command = checked(argv);
        if (stdin == null) {
            throw new IllegalArgumentException("stdin must not be null; pass \"\" for no input");
        }
        Process process = start(command);
        BoundedCapture out = BoundedCapture.start(process.getInputStream(), maxStdoutBytes,
                () -> killTree(process), "stdout of " + command.get(0));
        BoundedCapture err = BoundedCapture.start(process.getErrorStream(), MAX_STDERR_BYTES,
                () -> { }, "stderr of " + command.get(0));
        feed(process, stdin, command.get(0));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                awaitEnd(out, err);
                throw CommandFailedException.timedOut(command, timeout, out.text(), err.text());
            }
            awaitEnd(out, err);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw CommandFailedException.interrupted(command, e);
        }
        if (out.overflowed()) {
            throw CommandFailedException.outputTooLarge(command, maxStdoutBytes, err.text());
        }
        if (process.exitValue() != 0) {
            throw CommandFailedException.exited(command, process.exitValue(), out.text(), err.text());
        }
        return out.text();
    }

    private static List<String> checked(List<String> argv) {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
        for (String arg : argv) {
            // A NUL cannot cross execve(); refusing it here beats an obscure IOException.
            if (arg == null || arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argv elements must be non-null and free of NUL characters: " + argv);
            }
        }
        if (argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("argv[0] must name a program, not be empty");
        }
        return List.copyOf(argv);
    }

    private static Process start(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C");
        try {
            return builder.start();
        } catch (IOException e) {
            throw CommandFailedException.notStarted(command, e);
        }
    }

    /** Writes stdin on its own thread: a program that prints before it reads must not deadlock us. */
    private static void feed(Process process, String stdin, String program) {
        OutputStream sink = process.getOutputStream();
        if (stdin.isEmpty()) {
            closeQuietly(sink);
            return;
        }
        byte[] bytes = stdin.getBytes(StandardCharsets.UTF_8);
        Thread.ofVirtual().name("stdin of " + program).start(() -> {
            try (sink) {
                sink.write(bytes);
            } catch (IOException e) {
                // The program exited without reading all of it; its exit status tells the story.
            }
        });
    }

    private static void awaitEnd(BoundedCapture out, BoundedCapture err) throws InterruptedException {
        out.awaitEnd(GRACE_MILLIS);
        err.awaitEnd(GRACE_MILLIS);
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Nothing to flush: closing an unused stdin cannot lose data.
        }
    }
}
