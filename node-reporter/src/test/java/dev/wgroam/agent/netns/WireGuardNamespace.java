package dev.wgroam.agent.netns;

import dev.wgroam.agent.host.CommandRunner;
import dev.wgroam.agent.host.ProcessCommandRunner;
import dev.wgroam.agent.wireguard.InterfaceName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of its own with one userspace WireGuard interface: {@code wireguard-go -f}
 * runs in the foreground as a child of the test JVM, so its PID is known and it can be killed.
 * Nothing outside the namespace is touched. {@link #close()} kills the process by PID, deletes
 * the namespace and a stale control socket; it is safe after a half-finished {@link #start}.
 *
 * <p>The interface name must be unique on the host: wireguard-go's control socket
 * {@code /var/run/wireguard/<iface>.sock} is shared by all network namespaces.
 */
public final class WireGuardNamespace implements AutoCloseable {

    private static final Path SOCKET_DIR = Path.of("/var/run/wireguard");
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private final String namespace;
    private final InterfaceName iface;
    private final ProcessCommandRunner host = new ProcessCommandRunner(Duration.ofSeconds(10), 1024 * 1024);
    private final Path log;
    private boolean namespaceCreated;
    private Process wireguardGo;

    private WireGuardNamespace(String namespace, InterfaceName iface) {
        this.namespace = namespace;
        this.iface = iface;
        try {
            this.log = Files.createTempFile("wgroam-wireguard-go-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the namespace, starts wireguard-go in it and waits for its control socket. */
    public static WireGuardNamespace start(String namespace, InterfaceName iface) {
        WireGuardNamespace created = new WireGuardNamespace(namespace, iface);
        boolean started = false;
        try {
            created.createNamespace();
            created.startWireguardGo();
            started = true;
            return created;
        } finally {
            if (!started) {
                created.close();
            }
        }
    }

    public InterfaceName iface() {
        return iface;
    }

    /** Runs every command inside the namespace ({@code ip netns exec <ns> argv...}). */
    public CommandRunner runner() {
        return (argv, stdin) -> {
            List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            inside.addAll(argv);
            return host.run(inside, stdin);
        };
    }

    public long wireguardGoPid() {
        return wireguardGo.pid();
    }

    private void createNamespace() {
        host.run(List.of("ip", "netns", "add", namespace));
        namespaceCreated = true;
        host.run(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
    }

    private void startWireguardGo() {
        ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", namespace, "wireguard-go", "-f", iface.value())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("LC_ALL", "C");
        // wireguard-go refuses to run where a kernel module could be used unless told otherwise.
        builder.environment().put("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1");
        try {
            wireguardGo = builder.start(); // `ip netns exec` execs wireguard-go: this PID is wireguard-go's
        } catch (IOException e) {
            throw new UncheckedIOException("could not start wireguard-go in " + namespace, e);
        }
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!Files.exists(socket())) {
            if (!wireguardGo.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("wireguard-go did not open " + socket() + " within " + READY_WITHIN
                        + " (alive: " + wireguardGo.isAlive() + "); its output: " + readLog());
            }
            sleep(50);
        }
    }

    /** Kills wireguard-go by PID, deletes the namespace and a leftover socket; reports the first failure last. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        if (wireguardGo != null) {
            stop(wireguardGo, failures);
        }
        if (namespaceCreated) {
            try {
                host.run(List.of("ip", "netns", "del", namespace));
                namespaceCreated = false;
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        try {
            // Only a SIGKILLed wireguard-go leaves its socket behind; the name is ours alone.
            Files.deleteIfExists(socket());
            Files.deleteIfExists(log);
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

    private Path socket() {
        return SOCKET_DIR.resolve(iface.value() + ".sock");
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for wireguard-go", e);
        }
    }
}
