package dev.wgroam.agent.watchdog;

import dev.wgroam.commands.CommandRunner;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.agent.wireguard.WgDump;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The VPN client's side of a failover. Global Accelerator keeps a UDP flow on its endpoint until 30 s
 * of silence, so a client whose keepalive is shorter keeps talking to a dead node forever. When the
 * tunnel shows no sign of life for {@code deadAfter} ({@link Liveness}), the watchdog binds a new
 * listen port — a new 5-tuple, so the accelerator chooses again among healthy nodes — and resets the
 * peer, so a handshake goes out at once instead of at the next rekey. The preshared key, if any, goes
 * back through stdin, never argv.
 *
 * <p>With a {@link TunnelProbe} (an address every node answers through the tunnel) a dead node is
 * noticed within seconds; with handshakes only, {@code deadAfter} must exceed WireGuard's 2-minute
 * rekey. Call {@link #check} from one thread, once per interval.
 */
public final class Watchdog {

    /** What one check did. */
    public enum Outcome {
        /** A sign of life within {@code deadAfter}. */
        HEALTHY,
        /** No handshake yet (since the peer was added, or reset by the last rebind), and {@code deadAfter} not over. */
        WAITING_FOR_FIRST_HANDSHAKE,
        /** No sign of life for {@code deadAfter}: a new listen port and a reset peer. */
        REBOUND
    }

    private final CommandRunner runner;
    private final WireGuard wireGuard;
    private final InterfaceName iface;
    private final PeerKey accelerator;
    private final Supplier<Liveness.Probe> probe;
    private final Duration deadAfter;
    private final IntSupplier newPort;
    private Liveness.State state = Liveness.State.BEFORE_FIRST_CHECK;
    private PeerAddition unfinished;

    /**
     * A watchdog that judges by handshakes only.
     *
     * @param accelerator the client's one peer: the key every node's clients interface shares
     * @param deadAfter   longer than WireGuard's 2-minute rekey, e.g. 150 s
     * @param newPort     a fresh listen port (random in the dynamic range)
     */
    public Watchdog(CommandRunner runner, InterfaceName iface, PeerKey accelerator, Duration deadAfter, IntSupplier newPort) {
        this(runner, iface, accelerator, () -> Liveness.Probe.NOT_SENT, deadAfter, newPort);
    }

    /**
     * A watchdog that probes through the tunnel at every check, e.g. with
     * {@code TunnelProbe.ping(runner, iface, Cidr.host("10.50.0.1"))}.
     *
     * @param deadAfter how long without a reply or a fresh handshake makes the tunnel dead, e.g. 3 s
     */
    public Watchdog(CommandRunner runner, InterfaceName iface, PeerKey accelerator, TunnelProbe probe, Duration deadAfter,
                    IntSupplier newPort) {
        this(runner, iface, accelerator, sending(Objects.requireNonNull(probe, "probe")), deadAfter, newPort);
    }

    private static Supplier<Liveness.Probe> sending(TunnelProbe probe) {
        return () -> probe.answered() ? Liveness.Probe.ANSWERED : Liveness.Probe.UNANSWERED;
    }

    private Watchdog(CommandRunner runner, InterfaceName iface, PeerKey accelerator, Supplier<Liveness.Probe> probe,
                     Duration deadAfter, IntSupplier newPort) {
        if (deadAfter.isNegative() || deadAfter.isZero()) {
            throw new IllegalArgumentException("deadAfter must be positive, not " + deadAfter);
        }
        this.runner = runner;
        this.wireGuard = new WireGuard(runner);
        this.iface = Objects.requireNonNull(iface, "iface");
        this.accelerator = Objects.requireNonNull(accelerator, "accelerator");
        this.probe = probe;
        this.deadAfter = deadAfter;
        this.newPort = Objects.requireNonNull(newPort, "newPort");
    }

    /**
     * Probes, reads the interface, decides, and rebinds when the tunnel is dead.
     *
     * @param now when this check began
     */
    public Outcome check(Instant now) {
        if (unfinished != null) {
            // A rebind that removed the peer and then failed must not leave the client without one.
            addPeer(unfinished);
        }
        // Probe before reading: a probe into an idle tunnel provokes the handshake this dump should see.
        Liveness.Probe probed = probe.get();
        WgDump dump = wireGuard.dump(iface);
        PeerState peer = dump.peers().stream().filter(p -> p.key().equals(accelerator)).findFirst()
                .orElseThrow(() -> new IllegalStateException("interface " + iface + " has no peer "
                        + accelerator.shortForm() + "; the watchdog watches the tunnel to the accelerator"));
        Liveness.Decision decision = Liveness.decide(state, new Liveness.Seen(now, peer.latestHandshake(), probed), deadAfter);
        if (decision.outcome() == Outcome.REBOUND) {
            rebind(peer);
        }
        state = decision.next();
        return decision.outcome();
    }

    private static final Pattern PREFIX = Pattern.compile("[0-9a-fA-F:.]{2,39}/[0-9]{1,3}");
    private static final String NONE = "(none)";

    /** The accelerator peer's value in {@code wg show <iface> <field>}, without its key; (none) when absent. */
    private String peerField(String field) {
        String key = accelerator.base64();
        return runner.run(List.of("wg", "show", iface.value(), field)).lines()
                .filter(l -> l.startsWith(key))
                .map(l -> l.substring(key.length()).strip())
                .findFirst().orElse(NONE);
    }

    /**
     * The peer's allowed IPs exactly as wg lists them, IPv6 included (the dump parser skips IPv6,
     * and a reset must not lose a route); each checked before it goes back into an argument.
     */
    private List<String> allowedIps() {
        List<String> prefixes = new ArrayList<>();
        for (String token : peerField("allowed-ips").split("\\s+")) {
            if (token.isEmpty() || token.equals(NONE)) {
                continue;
            }
            if (!PREFIX.matcher(token).matches()) {
                throw new IllegalStateException("unexpected allowed IP from wg: " + Printable.quote(token));
            }
            prefixes.add(token);
        }
        return prefixes;
    }

    private void rebind(PeerState peer) {
        // Everything the new peer needs is read before anything changes.
        String psk = peerField("preshared-keys");
        boolean hasPsk = !psk.equals(NONE);
        List<String> allowed = allowedIps();
        List<String> add = new ArrayList<>(List.of("wg", "set", iface.value(), "peer", accelerator.base64()));
        if (peer.endpoint() != null) {
            add.addAll(List.of("endpoint", peer.endpoint().toString()));
        }
        add.addAll(List.of("allowed-ips", String.join(",", allowed)));
        if (peer.keepaliveSeconds() > 0) {
            add.addAll(List.of("persistent-keepalive", Integer.toString(peer.keepaliveSeconds())));
        }
        if (hasPsk) {
            add.addAll(List.of("preshared-key", "/dev/stdin"));
        }
        unfinished = new PeerAddition(add, hasPsk ? psk + "\n" : "");
        runner.run(List.of("wg", "set", iface.value(), "listen-port", Integer.toString(newPort.getAsInt())));
        runner.run(List.of("wg", "set", iface.value(), "peer", accelerator.base64(), "remove"));
        addPeer(unfinished);
    }

    /** The command that puts the peer back, kept until it has succeeded. */
    private record PeerAddition(List<String> argv, String stdin) {
    }

    private void addPeer(PeerAddition addition) {
        runner.run(addition.argv(), addition.stdin());
        unfinished = null;
    }
}
