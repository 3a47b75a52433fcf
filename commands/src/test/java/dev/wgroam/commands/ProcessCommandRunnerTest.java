package dev.wgroam.commands;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs real programs from coreutils; none of them goes through a shell. */
class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner(Duration.ofSeconds(10), 1024 * 1024);

    @Test
    void run_programThatSucceedsSilently_returnsEmptyStdout() {
        assertEquals("", runner.run(List.of("true")));
    }

    @Test
    void run_returnsStdoutVerbatim_withTabsAndNewlines() {
        assertEquals("a\tb\nc", runner.run(List.of("printf", "a\\tb\\n%s", "c")));
    }

    @Test
    void run_passesEachArgumentAsIs_becauseNoShellIsInvolved() {
        String out = runner.run(List.of("printf", "%s|", "a b", "$HOME", "*", "; rm -rf /", "`id`", ""));

        assertEquals("a b|$HOME|*|; rm -rf /|`id`||", out);
    }

    @Test
    void run_setsLcAllToC_soMessagesDoNotDependOnTheHostLocale() {
        List<String> environment = Arrays.asList(runner.run(List.of("env")).split("\n"));

        assertTrue(environment.contains("LC_ALL=C"), "environment of the child: " + environment);
    }

    @Test
    void run_feedsStdinToTheProgram() {
        assertEquals("a secret\nline two\n", runner.run(List.of("cat"), "a secret\nline two\n"));
    }

    @Test
    void run_largeOutputWithinTheLimit_isReturnedWhole() {
        String out = runner.run(List.of("seq", "1", "100000"));

        String[] lines = out.split("\n");
        assertEquals(100000, lines.length);
        assertEquals("100000", lines[lines.length - 1]);
    }

    @Test
    void run_nonZeroExit_throwsWithArgvAndExitCode() {
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> runner.run(List.of("false")));

        assertEquals(CommandFailedException.Reason.EXITED_NONZERO, e.reason());
        assertEquals(1, e.exitCode().orElseThrow());
        assertEquals(List.of("false"), e.argv());
        assertEquals("`false` exited with status 1", e.getMessage());
    }

    @Test
    void run_nonZeroExit_carriesStderrInTheMessage_andStdoutOnlyInTheException() {
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> runner.run(List.of("ls", "/wgroam-no-such-path")));

        assertEquals(2, e.exitCode().orElseThrow());
        assertTrue(e.stderr().contains("No such file or directory"), e.stderr());
        assertTrue(e.getMessage().startsWith("`ls /wgroam-no-such-path` exited with status 2; stderr: 'ls: cannot access"),
                e.getMessage());
    }

    @Test
    void run_failedCommand_keepsStdoutOutOfTheMessage_becauseItMayHoldSecrets() {
        // `cat` prints the "secret" from stdin, then fails on the missing file.
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> runner.run(List.of("cat", "-", "/wgroam-no-such-path"), "SECRET-KEY-MATERIAL"));

        assertEquals("SECRET-KEY-MATERIAL", e.stdout());
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    }

    @Test
    void run_programNotFound_throwsNotStarted_andSaysToCheckPath() {
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> runner.run(List.of("wgroam-no-such-program", "x")));

        assertEquals(CommandFailedException.Reason.NOT_STARTED, e.reason());
        assertTrue(e.exitCode().isEmpty());
        assertTrue(e.getMessage().startsWith("`wgroam-no-such-program x` could not be started"), e.getMessage());
        assertTrue(e.getMessage().contains("installed and on PATH"), e.getMessage());
    }

    @Test
    void run_programPastItsTimeout_isKilled_andReportedAsTimedOut() {
        ProcessCommandRunner impatient = new ProcessCommandRunner(Duration.ofMillis(300), 1024);
        String marker = "31." + ProcessHandle.current().pid(); // a sleep argument no other process has
        long started = System.nanoTime();

        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> impatient.run(List.of("sleep", marker)));

        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(CommandFailedException.Reason.TIMED_OUT, e.reason());
        assertTrue(elapsedMillis < 5_000, "took " + elapsedMillis + " ms");
        assertTrue(e.getMessage().contains("did not finish within 300 ms and was killed"), e.getMessage());
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.isAlive()
                        && p.info().arguments().map(args -> Arrays.asList(args).contains(marker)).orElse(false)),
                "the sleeping program is still alive");
    }

    @Test
    void run_endlessStdout_isKilledAtTheLimit_insteadOfFillingMemory() {
        ProcessCommandRunner small = new ProcessCommandRunner(Duration.ofSeconds(10), 64 * 1024);

        CommandFailedException e = assertThrows(CommandFailedException.class, () -> small.run(List.of("yes")));

        assertEquals(CommandFailedException.Reason.OUTPUT_TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("more than 65536 bytes"), e.getMessage());
    }

    @Test
    void run_hugeStderr_isCutAtItsBound_andTheExitStatusStillReported() {
        List<String> argv = new ArrayList<>(List.of("ls"));
        for (int i = 0; i < 5_000; i++) {
            argv.add("/wgroam-no-such-path-" + i);
        }

        CommandFailedException e = assertThrows(CommandFailedException.class, () -> runner.run(argv));

        assertEquals(CommandFailedException.Reason.EXITED_NONZERO, e.reason());
        assertEquals(ProcessCommandRunner.MAX_STDERR_BYTES, e.stderr().length());
    }

    @Test
    void run_rejectsAnEmptyOrNulCarryingArgv_beforeStartingAnything() {
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of()));
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of("")));
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of("printf", "a\0b")));
    }

    @Test
    void constructor_rejectsNonPositiveTimeoutAndLimit() {
        assertThrows(IllegalArgumentException.class, () -> new ProcessCommandRunner(Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new ProcessCommandRunner(Duration.ofSeconds(1), 0));
    }
}
