package dev.wgroam.agent.netns;

import dev.wgroam.commands.CommandFailedException;
import dev.wgroam.commands.ProcessCommandRunner;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decides whether a test that needs root, wireguard-go, wg, ip and /dev/net/tun runs here. Where
 * something is missing the test is skipped, with a banner on stderr so that nobody mistakes a
 * skipped run for a passing one; with {@code WGROAM_REQUIRE_NETNS=1} (CI sets it) it fails instead.
 */
public final class NetnsRequirement {

    /** The one place this variable is read. */
    public static final String REQUIRE_VARIABLE = "WGROAM_REQUIRE_NETNS";

    private static final List<String> PROGRAMS = List.of("wireguard-go", "wg", "ip", "ping");

    private NetnsRequirement() {
    }

    /** Skips or fails the calling test unless everything is here; call it per test so Surefire counts the skips. */
    public static void requireOrSkip(String testName) {
        check(System.getenv(), MissingOnThisHost.LIST, testName, System.err::println);
    }

    /** Whether a test class should set up its namespace at all (its tests then call {@link #requireOrSkip}). */
    public static boolean satisfiedOnThisHost() {
        return MissingOnThisHost.LIST.isEmpty();
    }

    /** Looked up once per JVM, on first use. */
    private static final class MissingOnThisHost {
        static final List<String> LIST = List.copyOf(missingOnThisHost());
    }

    /**
     * Returns normally when nothing is missing; otherwise fails (when {@code env} sets
     * {@value #REQUIRE_VARIABLE} to 1) or aborts the test as skipped, saying what is missing. Either
     * way the reason also goes to {@code console} in a banner: Surefire's summary shows only a count.
     */
    static void check(Map<String, String> env, List<String> missing, String testName, Consumer<String> console) {
        if (missing.isEmpty()) {
            return;
        }
        boolean required = "1".equals(env.get(REQUIRE_VARIABLE));
        String message = testName + (required ? " FAILED" : " SKIPPED") + ": it needs root, wireguard-go, wg, ip and"
                + " /dev/net/tun, and this host lacks " + missing + ". Install them (apt-get install -y"
                + " --no-install-recommends wireguard-go wireguard-tools iproute2) and run as root"
                + (required ? "." : "; set " + REQUIRE_VARIABLE + "=1 to make this a failure instead of a skip.");
        String bar = "!".repeat(100);
        console.accept(bar + "\n" + message + "\n" + bar);
        if (required) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    static List<String> missingOnThisHost() {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (uid 0)");
        }
        for (String program : PROGRAMS) {
            if (!onPath(program)) {
                missing.add(program + " on PATH");
            }
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            missing.add("/dev/net/tun");
        }
        return missing;
    }

    private static boolean isRoot() {
        try {
            return ProcessCommandRunner.withDefaults().run(List.of("id", "-u")).strip().equals("0");
        } catch (CommandFailedException e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
