package dev.wgroam.agent.netns;

import dev.wgroam.agent.host.CommandRunner;
import dev.wgroam.agent.host.ProcessCommandRunner;
import dev.wgroam.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small network of namespaces for one test: hosts joined by veth pairs, wireguard-go interfaces
 * run in the foreground under this process, commands run inside a host. Names carry the test JVM's
 * PID so parallel runs never collide (wireguard-go's sockets in /var/run/wireguard are shared by all
 * namespaces). {@link #close} kills what it started, by PID, deletes every namespace and leftover
 * socket, and then reports the first thing it could not clean up; it is safe after a half-built lab.
 */
public final class Lab implements AutoCloseable {

    private static final Path SOCKETS = Path.of("/var/run/wireguard");
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);
    private final String tag = Long.toString(ProcessHandle.current().pid() % 100_000);
    private final ProcessCommandRunner root = new ProcessCommandRunner(Duration.ofSeconds(10), 1024 * 1024);
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> interfaces = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    /** A namespace named for this lab and {@code host}; its loopback is up. */
    public String host(String host) {
        String ns = "wgroam-" + tag + "-" + host;
        root.run(List.of("ip", "netns", "add", ns));
        namespaces.add(ns);
        root.run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        return ns;
    }

    /** A unique interface name (≤ 15 characters) for {@code role}, e.g. "ca" → "ca12345". */
    public String iface(String role) {
        return role + tag;
    }

    /** The two ends of a veth pair: {@code a} in the first host, {@code b} in the second. */
    public record Veth(String a, String b) {
    }

    /** Joins two hosts with a veth pair and gives each end an address (CIDR notation). */
    public Veth link(String nsA, String addressA, String nsB, String addressB) {
        String a = "v" + tag + (char) ('a' + interfaces.size());
        String b = "v" + tag + (char) ('a' + interfaces.size() + 1);
        interfaces.add(a);
        interfaces.add(b);
        root.run(List.of("ip", "link", "add", a, "netns", nsA, "type", "veth", "peer", "name", b, "netns", nsB));
        run(nsA, "ip", "addr", "add", addressA, "dev", a);
        run(nsB, "ip", "addr", "add", addressB, "dev", b);
        run(nsA, "ip", "link", "set", a, "up");
        run(nsB, "ip", "link", "set", b, "up");
        return new Veth(a, b);
    }

    /**
     * Starts wireguard-go for {@code iface} in {@code ns}, in the foreground, and waits for its
     * socket; if it never opens, the failure quotes wireguard-go's own output.
     */
    public void wireguard(String ns, String iface) {
        Path log;
        Process wireguardGo;
        try {
            log = Files.createTempFile("wgroam-wireguard-go-", ".log");
            logs.add(log);
            // `ip netns exec` execs wireguard-go: the PID kept is wireguard-go's.
            ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", ns, "wireguard-go", "-f", iface)
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("LC_ALL", "C");
            // wireguard-go refuses to run where a kernel module could be used unless told otherwise.
            builder.environment().put("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1");
            wireguardGo = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start wireguard-go in " + ns, e);
        }
        processes.add(wireguardGo);
        interfaces.add(iface);
        Path socket = SOCKETS.resolve(iface + ".sock");
        try {
            Eventually.within(READY_WITHIN, () -> Files.exists(socket) || !wireguardGo.isAlive());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for wireguard-go", e);
        }
        if (!Files.exists(socket)) {
            throw new IllegalStateException("wireguard-go for " + iface + " in " + ns + " did not open " + socket
                    + " within " + READY_WITHIN + " (alive: " + wireguardGo.isAlive() + "); its output: " + read(log));
        }
    }

    /** Runs a command inside {@code ns}. */
    public String run(String ns, String... argv) {
        return runner(ns).run(List.of(argv));
    }

    /** True when {@code argv} exits 0 inside {@code ns}. */
    public boolean succeeds(String ns, String... argv) {
        try {
            run(ns, argv);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A runner whose every command runs inside {@code ns}, as the agent's would on that node. */
    public CommandRunner runner(String ns) {
        return (argv, stdin) -> {
            List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", ns));
            inside.addAll(argv);
            return root.run(inside, stdin);
        };
    }

    /** Kills wireguard-go by PID, deletes the namespaces and leftover sockets; reports the first failure last. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Process p : processes) {
            stop(p, failures);
        }
        for (String ns : namespaces) {
            try {
                root.run(List.of("ip", "netns", "del", ns));
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        try {
            // Only a SIGKILLed wireguard-go leaves its socket behind; the names are this lab's alone.
            for (String iface : interfaces) {
                Files.deleteIfExists(SOCKETS.resolve(iface + ".sock"));
            }
            for (Path log : logs) {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            failures.add(new UncheckedIOException(e));
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void stop(Process process, List<RuntimeException> failures) {
        try {
            process.destroy(); // SIGTERM: wireguard-go removes its interface and socket
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            if (process.isAlive()) {
                failures.add(new IllegalStateException("wireguard-go (pid " + process.pid() + ") survived SIGKILL"));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
