package dev.wgroam.agent.watchdog;

import dev.wgroam.agent.host.CommandRunner;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.agent.wireguard.WgDump;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The VPN client's side of a failover. Global Accelerator keeps a UDP flow on its endpoint until 30 s
 * of silence, so a client whose keepalive is shorter keeps talking to a dead node forever. When the
 * tunnel's latest handshake is older than {@code deadAfter} (WireGuard re-handshakes every 2 minutes
 * on a live tunnel), the watchdog binds a new listen port — a new 5-tuple, so the accelerator
 * chooses again among healthy nodes — and resets the peer, so a handshake goes out at once instead
 * of at the next rekey. The preshared key, if any, goes back through stdin, never argv.
 */
public final class Watchdog {

    /** What one check did. */
    public enum Outcome { HEALTHY, WAITING_FOR_FIRST_HANDSHAKE, REBOUND }

    private final CommandRunner runner;
    private final WireGuard wireGuard;
    private final InterfaceName iface;
    private final PeerKey accelerator;
    private final Duration deadAfter;
    private final IntSupplier newPort;
    private Instant lastRebind = Instant.EPOCH;

    /**
     * @param accelerator the client's one peer: the key every node's clients interface shares
     * @param newPort     a fresh listen port (random in the dynamic range)
     */
    public Watchdog(CommandRunner runner, InterfaceName iface, PeerKey accelerator, Duration deadAfter, IntSupplier newPort) {
        this.runner = runner;
        this.wireGuard = new WireGuard(runner);
        this.iface = iface;
        this.accelerator = accelerator;
        this.deadAfter = deadAfter;
        this.newPort = newPort;
    }

    public Outcome check(Instant now) {
        WgDump dump = wireGuard.dump(iface);
        PeerState peer = dump.peers().stream().filter(p -> p.key().equals(accelerator)).findFirst()
                .orElseThrow(() -> new IllegalStateException("interface " + iface + " has no peer "
                        + accelerator.shortForm() + "; the watchdog watches the tunnel to the accelerator"));
        Instant lastSign = peer.hasHandshake() ? peer.latestHandshake() : lastRebind;
        if (!peer.hasHandshake() && lastRebind.equals(Instant.EPOCH)) {
            lastRebind = now;
            return Outcome.WAITING_FOR_FIRST_HANDSHAKE;
        }
        // After a rebind, give the new flow the same time before trying again.
        Instant since = lastSign.isAfter(lastRebind) ? lastSign : lastRebind;
        if (!now.isAfter(since.plus(deadAfter))) {
            return Outcome.HEALTHY;
        }
        rebind(peer);
        lastRebind = now;
        return Outcome.REBOUND;
    }

    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile("[0-9a-fA-F:.]{2,39}/[0-9]{1,3}");

    /**
     * The peer's allowed IPs exactly as wg lists them, IPv6 included (the dump parser skips IPv6,
     * and a reset must not lose a route); each checked before it goes back into an argument.
     */
    private List<String> allowedIps() {
        String line = runner.run(List.of("wg", "show", iface.value(), "allowed-ips")).lines()
                .filter(l -> l.startsWith(accelerator.base64())).findFirst().orElse(accelerator.base64());
        List<String> prefixes = new ArrayList<>();
        for (String token : line.substring(accelerator.base64().length()).strip().split("\\s+")) {
            if (token.isEmpty() || token.equals("(none)")) {
                continue;
            }
            if (!PREFIX.matcher(token).matches()) {
                throw new IllegalStateException("unexpected allowed IP from wg: " + dev.wgroam.text.Printable.quote(token));
            }
            prefixes.add(token);
        }
        return prefixes;
    }

    private void rebind(PeerState peer) {
        // Everything the new peer needs is read before anything changes.
        String psk = runner.run(List.of("wg", "show", iface.value(), "preshared-keys")).lines()
                .filter(l -> l.startsWith(accelerator.base64()))
                .map(l -> l.substring(accelerator.base64().length()).strip())
                .findFirst().orElse("(none)");
        List<String> allowed = allowedIps();
        runner.run(List.of("wg", "set", iface.value(), "listen-port", Integer.toString(newPort.getAsInt())));
        runner.run(List.of("wg", "set", iface.value(), "peer", accelerator.base64(), "remove"));
        List<String> add = new ArrayList<>(List.of("wg", "set", iface.value(), "peer", accelerator.base64()));
        if (peer.endpoint() != null) {
            add.addAll(List.of("endpoint", peer.endpoint().toString()));
        }
        add.addAll(List.of("allowed-ips", String.join(",", allowed)));
        if (peer.keepaliveSeconds() > 0) {
            add.addAll(List.of("persistent-keepalive", Integer.toString(peer.keepaliveSeconds())));
        }
        if ("(none)".equals(psk)) {
            runner.run(add);
        } else {
            add.addAll(List.of("preshared-key", "/dev/stdin"));
            runner.run(add, psk + "\n");
        }
    }
}
