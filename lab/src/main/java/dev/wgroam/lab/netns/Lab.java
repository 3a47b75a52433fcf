package dev.wgroam.lab.netns;

import dev.wgroam.commands.CommandRunner;
import dev.wgroam.commands.ProcessCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small network of namespaces, for a test or for local mode: hosts joined by veth pairs and
 * bridges, wireguard-go interfaces run in the foreground under this process, commands run inside a
 * host. Names carry this JVM's PID so parallel runs never collide (wireguard-go's sockets in
 * /var/run/wireguard are shared by all namespaces). {@link #close} kills what it started, by PID,
 * deletes every namespace and leftover socket, and then reports the first thing it could not clean
 * up; it is safe after a half-built lab, and runs by itself when the JVM is stopped. Hosts may be
 * added and {@linkplain #remove removed} from several threads while it runs.
 */
public final class Lab implements AutoCloseable {

    private static final Path SOCKETS = Path.of("/var/run/wireguard");
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);
    private final String tag = Long.toString(ProcessHandle.current().pid() % 100_000);
    private final ProcessCommandRunner root = new ProcessCommandRunner(Duration.ofSeconds(10), 1024 * 1024);
    private final List<String> namespaces = new ArrayList<>();
    private final List<WireGuardGo> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private int veths;
    /** Cleans up when the JVM is stopped (SIGTERM, a cancelled build), which never reaches a test's close. */
    private final Thread cleanupAtExit = new Thread(this::closeAtExit, "lab-cleanup");

    /** A wireguard-go this lab started: its namespace, interface and process. */
    private record WireGuardGo(String ns, String iface, Process process) {
    }

    public Lab() {
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    }

    /** The name of this lab's namespace for {@code host}, whether or not it exists yet: wgroam-PID-host. */
    public String name(String host) {
        return "wgroam-" + tag + "-" + host;
    }

    /** A namespace named for this lab and {@code host}; its loopback is up. */
    public String host(String host) {
        String ns = name(host);
        root.run(List.of("ip", "netns", "add", ns));
        synchronized (this) {
            namespaces.add(ns);
        }
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

    /** Joins two hosts with a veth pair, both ends up, without addresses. */
    public Veth veth(String nsA, String nsB) {
        String a;
        String b;
        synchronized (this) {
            a = "v" + tag + "x" + veths++;
            b = "v" + tag + "x" + veths++;
        }
        root.run(List.of("ip", "link", "add", a, "netns", nsA, "type", "veth", "peer", "name", b, "netns", nsB));
        run(nsA, "ip", "link", "set", a, "up");
        run(nsB, "ip", "link", "set", b, "up");
        return new Veth(a, b);
    }

    /** Joins two hosts with a veth pair and gives each end an address (CIDR notation). */
    public Veth link(String nsA, String addressA, String nsB, String addressB) {
        Veth veth = veth(nsA, nsB);
        run(nsA, "ip", "addr", "add", addressA, "dev", veth.a());
        run(nsB, "ip", "addr", "add", addressB, "dev", veth.b());
        return veth;
    }

    /** A bridge {@code name} in {@code ns}, up. */
    public void bridge(String ns, String name) {
        run(ns, "ip", "link", "add", name, "type", "bridge");
        run(ns, "ip", "link", "set", name, "up");
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
            synchronized (this) {
                logs.add(log);
            }
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
        synchronized (this) {
            processes.add(new WireGuardGo(ns, iface, wireguardGo));
        }
        Path socket = SOCKETS.resolve(iface + ".sock");
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        // Listening, not only bound: `wg` deletes a socket it cannot connect to, and the interface is lost to it.
        while (!listening(socket) && wireguardGo.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for wireguard-go", e);
            }
        }
        if (!listening(socket)) {
            throw new IllegalStateException("wireguard-go for " + iface + " in " + ns + " did not open " + socket
                    + " within " + READY_WITHIN + " (alive: " + wireguardGo.isAlive() + "); its output: " + read(log));
        }
    }

    private static boolean listening(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
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

    /** Removes one host: kills its wireguard-go processes by PID, deletes its namespace and their sockets. */
    public synchronized void remove(String ns) {
        List<WireGuardGo> inside = processes.stream().filter(p -> p.ns().equals(ns)).toList();
        List<RuntimeException> failures = tearDown(inside, List.of(ns));
        processes.removeAll(inside);
        namespaces.remove(ns);
        throwFirst(failures);
    }

    /** Kills wireguard-go by PID, deletes the namespaces and leftover sockets; reports the first failure last. */
    @Override
    public synchronized void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself, or while the JVM stops: the hook is running anyway.
        }
        List<RuntimeException> failures = tearDown(processes, namespaces);
        try {
            for (Path log : logs) {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            failures.add(new UncheckedIOException(e));
        }
        // A second close (local mode's, after a failed start) finds nothing left to do.
        processes.clear();
        namespaces.clear();
        logs.clear();
        throwFirst(failures);
    }

    /** Stops the processes, deletes the namespaces and the processes' sockets; returns what failed. */
    private List<RuntimeException> tearDown(List<WireGuardGo> stopping, List<String> deleting) {
        List<RuntimeException> failures = new ArrayList<>();
        for (WireGuardGo p : stopping) {
            stop(p.process(), failures);
        }
        for (String ns : deleting) {
            try {
                root.run(List.of("ip", "netns", "del", ns));
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        try {
            // Only a SIGKILLed wireguard-go leaves its socket behind; the names are this lab's alone.
            for (WireGuardGo p : stopping) {
                Files.deleteIfExists(SOCKETS.resolve(p.iface() + ".sock"));
            }
        } catch (IOException e) {
            failures.add(new UncheckedIOException(e));
        }
        return failures;
    }

    private static void throwFirst(List<RuntimeException> failures) {
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void closeAtExit() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("lab: cleanup at exit incomplete: " + e.getMessage());
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
