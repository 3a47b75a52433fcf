package dev.wgroam.agent.netns;

import dev.wgroam.agent.host.CommandRunner;
import dev.wgroam.agent.host.ProcessCommandRunner;
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
 * namespaces). {@link #close} kills what it started, by PID, and deletes every namespace.
 */
public final class Lab implements AutoCloseable {

    private static final Path SOCKETS = Path.of("/var/run/wireguard");
    private final String tag = Long.toString(ProcessHandle.current().pid() % 100_000);
    private final ProcessCommandRunner root = new ProcessCommandRunner(Duration.ofSeconds(10), 1024 * 1024);
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> interfaces = new ArrayList<>();

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

    /** Starts wireguard-go for {@code iface} in {@code ns}, in the foreground, and waits for its socket. */
    public void wireguard(String ns, String iface) {
        ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", ns, "wireguard-go", "-f", iface)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1");
        try {
            processes.add(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start wireguard-go in " + ns, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(SOCKETS.resolve(iface + ".sock"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("wireguard-go for " + iface + " in " + ns + " did not start");
            }
            sleep(20);
        }
        interfaces.add(iface);
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


    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces) {
            try {
                root.run(List.of("ip", "netns", "del", ns));
            } catch (RuntimeException e) {
                System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
            }
        }
        for (String iface : interfaces) {
            try {
                Files.deleteIfExists(SOCKETS.resolve(iface + ".sock"));
            } catch (IOException e) {
                System.err.println("could not delete socket of " + iface + ": " + e.getMessage());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
