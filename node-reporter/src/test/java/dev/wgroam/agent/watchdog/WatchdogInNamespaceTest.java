package dev.wgroam.agent.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.commands.CommandRunner;
import dev.wgroam.lab.netns.Lab;
import dev.wgroam.agent.netns.NetnsRequirement;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The watchdog on real wireguard-go: its reset keeps everything of the peer, and with a probe it
 * leaves a node that went dark within {@code deadAfter} and a check. Each test creates its own
 * namespaces and removes them, with the wireguard-go processes it started.
 */
class WatchdogInNamespaceTest {

    static final Duration DEAD_AFTER = WatchdogConfig.PROBING_DEAD_AFTER;
    static final Duration INTERVAL = WatchdogConfig.PROBING_INTERVAL;

    @Test
    void rebind_changesThePort_andKeepsEveryAllowedIpAndThePresharedKey() {
        NetnsRequirement.requireOrSkip("WatchdogInNamespaceTest");
        try (Lab lab = new Lab()) {
            String ns = lab.host("wd");
            String iface = lab.iface("wd");
            lab.wireguard(ns, iface);
            CommandRunner wg = lab.runner(ns);
            wg.run(List.of("wg", "set", iface, "private-key", "/dev/stdin", "listen-port", "51820"),
                    wg.run(List.of("wg", "genkey")));
            PeerKey accelerator = new PeerKey(wg.run(List.of("wg", "pubkey"), wg.run(List.of("wg", "genkey"))).trim());
            String psk = wg.run(List.of("wg", "genpsk")).trim();
            wg.run(List.of("wg", "set", iface, "peer", accelerator.base64(), "endpoint", "192.0.2.1:51820",
                    "allowed-ips", "10.99.0.0/24,fd00:50::/64", "persistent-keepalive", "25",
                    "preshared-key", "/dev/stdin"), psk + "\n");
            Watchdog watchdog = new Watchdog(wg, new InterfaceName(iface), accelerator, Duration.ofSeconds(1),
                    () -> 51999);
            Instant now = Instant.now();

            assertEquals(Watchdog.Outcome.WAITING_FOR_FIRST_HANDSHAKE, watchdog.check(now));
            assertEquals(Watchdog.Outcome.REBOUND, watchdog.check(now.plusSeconds(2)));

            assertEquals("51999", wg.run(List.of("wg", "show", iface, "listen-port")).trim());
            String allowed = wg.run(List.of("wg", "show", iface, "allowed-ips"));
            assertTrue(allowed.contains("10.99.0.0/24") && allowed.contains("fd00:50::/64"), allowed);
            assertTrue(wg.run(List.of("wg", "show", iface, "preshared-keys")).contains(psk));
            assertTrue(wg.run(List.of("wg", "show", iface, "endpoints")).contains("192.0.2.1:51820"));
        }
    }

    /** One check as the test saw it. */
    record Check(Instant at, Watchdog.Outcome outcome, boolean answered) {
    }

    /** Checks at a fixed rate, as the watchdog's main loop does. */
    static final class Ticker {
        private final Watchdog watchdog;
        private final boolean[] answered;
        private long next = System.nanoTime();

        Ticker(Watchdog watchdog, boolean[] answered) {
            this.watchdog = watchdog;
            this.answered = answered;
        }

        Check next() throws InterruptedException {
            Thread.sleep(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
            next = Math.max(next + INTERVAL.toNanos(), System.nanoTime());
            answered[0] = false;
            Instant at = Instant.now();
            return new Check(at, watchdog.check(at), answered[0]);
        }
    }

    @Test
    void probing_staysHealthyOnReplies_andRebindsWithinDeadAfterAndACheck_whenTheNodeGoesDark() throws Exception {
        NetnsRequirement.requireOrSkip("WatchdogInNamespaceTest");
        try (Lab lab = new Lab()) {
            String client = lab.host("wdc");
            String node = lab.host("wdn");
            Lab.Veth veth = lab.link(client, "10.200.9.1/30", node, "10.200.9.2/30");
            String wgc = lab.iface("wc");
            String wgn = lab.iface("wn");
            lab.wireguard(client, wgc);
            lab.wireguard(node, wgn);
            CommandRunner c = lab.runner(client);
            CommandRunner n = lab.runner(node);
            String clientPrivate = c.run(List.of("wg", "genkey")).trim();
            String nodePrivate = n.run(List.of("wg", "genkey")).trim();
            PeerKey clientKey = new PeerKey(c.run(List.of("wg", "pubkey"), clientPrivate + "\n").trim());
            PeerKey nodeKey = new PeerKey(n.run(List.of("wg", "pubkey"), nodePrivate + "\n").trim());
            String psk = c.run(List.of("wg", "genpsk")).trim();

            // The node: its clients interface carries the gateway address every node shares.
            n.run(List.of("wg", "set", wgn, "private-key", "/dev/stdin", "listen-port", "51820"), nodePrivate + "\n");
            n.run(List.of("wg", "set", wgn, "peer", clientKey.base64(), "allowed-ips", "10.50.0.7/32",
                    "preshared-key", "/dev/stdin"), psk + "\n");
            lab.run(node, "ip", "addr", "add", "10.50.0.1/32", "dev", wgn);
            lab.run(node, "ip", "link", "set", wgn, "up");
            lab.run(node, "ip", "route", "add", "10.50.0.7/32", "dev", wgn);
            // The client: one peer, the accelerator, here the node's address.
            c.run(List.of("wg", "set", wgc, "private-key", "/dev/stdin", "listen-port", "51820"), clientPrivate + "\n");
            c.run(List.of("wg", "set", wgc, "peer", nodeKey.base64(), "endpoint", "10.200.9.2:51820",
                    "allowed-ips", "10.50.0.1/32,fd00:50::/64", "persistent-keepalive", "25",
                    "preshared-key", "/dev/stdin"), psk + "\n");
            lab.run(client, "ip", "addr", "add", "10.50.0.7/32", "dev", wgc);
            lab.run(client, "ip", "link", "set", wgc, "up");
            lab.run(client, "ip", "route", "add", "10.50.0.1/32", "dev", wgc);

            InterfaceName iface = new InterfaceName(wgc);
            TunnelProbe ping = TunnelProbe.ping(c, iface, Cidr.host("10.50.0.1"));
            boolean[] answered = {false};
            Watchdog watchdog = new Watchdog(c, iface, nodeKey, () -> answered[0] = ping.answered(), DEAD_AFTER,
                    () -> 51999);
            Ticker ticker = new Ticker(watchdog, answered);

            Check first = untilAnswered(ticker, 10);
            assertEquals(Watchdog.Outcome.HEALTHY, first.outcome());
            // Longer than deadAfter, so only replies can keep it healthy: the handshake is older by then.
            List<Check> alive = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                alive.add(ticker.next());
            }
            assertTrue(alive.stream().allMatch(k -> k.answered() && k.outcome() == Watchdog.Outcome.HEALTHY), alive::toString);
            Instant lastReply = alive.get(alive.size() - 1).at();

            lab.run(node, "ip", "link", "set", veth.b(), "down");
            List<Check> dark = new ArrayList<>();
            do {
                dark.add(ticker.next());
            } while (dark.get(dark.size() - 1).outcome() != Watchdog.Outcome.REBOUND && dark.size() < 8);
            Check rebound = dark.get(dark.size() - 1);
            assertEquals(Watchdog.Outcome.REBOUND, rebound.outcome(), dark::toString);
            long checksAllowed = DEAD_AFTER.dividedBy(INTERVAL) + 1;
            assertTrue(dark.size() <= checksAllowed, "rebound after " + dark.size() + " checks: " + dark);
            assertTrue(dark.stream().noneMatch(Check::answered), dark::toString);
            Duration silent = Duration.between(lastReply, rebound.at());
            assertTrue(silent.compareTo(DEAD_AFTER) > 0, "rebound too early, after " + silent);
            // Slack for a loaded machine: each failed probe itself waits a second.
            assertTrue(silent.compareTo(DEAD_AFTER.plus(INTERVAL).plusSeconds(1)) <= 0, "rebound late, after " + silent);

            assertEquals("51999", c.run(List.of("wg", "show", wgc, "listen-port")).trim());
            assertEquals(nodeKey.base64() + "\t10.200.9.2:51820", c.run(List.of("wg", "show", wgc, "endpoints")).trim());
            String allowed = c.run(List.of("wg", "show", wgc, "allowed-ips"));
            assertTrue(allowed.contains("10.50.0.1/32") && allowed.contains("fd00:50::/64"), allowed);
            assertEquals(nodeKey.base64() + "\t25", c.run(List.of("wg", "show", wgc, "persistent-keepalive")).trim());
            assertEquals(nodeKey.base64() + "\t" + psk, c.run(List.of("wg", "show", wgc, "preshared-keys")).trim());

            // The reset peer works: once the node is back, it answers the client's new port.
            lab.run(node, "ip", "link", "set", veth.b(), "up");
            assertEquals(Watchdog.Outcome.HEALTHY, untilAnswered(ticker, 10).outcome());
            assertEquals(clientKey.base64() + "\t10.200.9.1:51999", n.run(List.of("wg", "show", wgn, "endpoints")).trim());
        }
    }

    private static Check untilAnswered(Ticker ticker, int checks) throws InterruptedException {
        List<Check> seen = new ArrayList<>();
        for (int i = 0; i < checks; i++) {
            seen.add(ticker.next());
            if (seen.get(i).answered()) {
                return seen.get(i);
            }
        }
        throw new AssertionError("no reply through the tunnel in " + checks + " checks: " + seen);
    }
}
