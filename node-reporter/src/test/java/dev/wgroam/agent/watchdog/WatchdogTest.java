package dev.wgroam.agent.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.host.CommandFailedException;
import dev.wgroam.agent.host.CommandFailedExceptions;
import dev.wgroam.agent.host.CommandRunner;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watchdog against a modelled client interface that answers only the commands it expects. */
class WatchdogTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final PeerKey ACCELERATOR = PeerKey.of(new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
            7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});
    static final String PSK = PeerKey.of(new byte[32]).base64();

    /** A client's wg0 with one peer, the accelerator. */
    static final class ClientInterface implements CommandRunner {
        long handshake;
        int listenPort = 51820;
        boolean peerPresent = true;
        int addsToRefuse;
        final List<List<String>> changes = new ArrayList<>();
        final List<String> stdins = new ArrayList<>();

        @Override
        public String run(List<String> argv, String stdin) {
            String a = ACCELERATOR.base64();
            if (argv.equals(List.of("wg", "show", "wg0", "dump"))) {
                return PeerKey.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                        23, 24, 25, 26, 27, 28, 29, 30, 31, 32}).base64() + "\t" + PSK + "\t" + listenPort + "\toff\n"
                        + (peerPresent ? a + "\t" + PSK + "\t192.0.2.1:51820\t10.99.0.0/24,172.16.0.0/12\t" + handshake
                        + "\t10\t20\t25\n" : "");
            }
            if (argv.equals(List.of("wg", "show", "wg0", "allowed-ips"))) {
                return peerPresent ? a + "\t10.99.0.0/24 172.16.0.0/12 fd00:50::/64\n" : "";
            }
            if (argv.equals(List.of("wg", "show", "wg0", "preshared-keys"))) {
                return peerPresent ? a + "\t" + PSK + "\n" : "";
            }
            changes.add(argv);
            stdins.add(stdin);
            if (argv.size() == 5 && argv.get(3).equals("listen-port")) {
                listenPort = Integer.parseInt(argv.get(4));
                return "";
            }
            if (argv.equals(List.of("wg", "set", "wg0", "peer", a, "remove"))) {
                peerPresent = false;
                return "";
            }
            if (argv.subList(0, 5).equals(List.of("wg", "set", "wg0", "peer", a))) {
                if (addsToRefuse > 0) {
                    addsToRefuse--;
                    throw CommandFailedExceptions.exited(argv, 1, "Unable to modify interface: Resource busy");
                }
                peerPresent = true;
                return "";
            }
            throw new AssertionError("unexpected command " + argv);
        }
    }

    final ClientInterface wg0 = new ClientInterface();
    final Watchdog watchdog = new Watchdog(wg0, new InterfaceName("wg0"), ACCELERATOR, Duration.ofSeconds(150),
            () -> 40000);

    @Test
    void aFreshTunnel_isLeftAlone() {
        wg0.handshake = NOW.minusSeconds(100).getEpochSecond();

        assertEquals(Watchdog.Outcome.HEALTHY, watchdog.check(NOW));
        assertEquals(List.of(), wg0.changes);
    }

    @Test
    void aDeadTunnel_getsANewPortAndAResetPeer_withEveryAllowedIpAndThePresharedKeyViaStdin() {
        wg0.handshake = NOW.minusSeconds(151).getEpochSecond();

        assertEquals(Watchdog.Outcome.REBOUND, watchdog.check(NOW));

        assertEquals(40000, wg0.listenPort);
        assertEquals(List.of("wg", "set", "wg0", "peer", ACCELERATOR.base64(), "remove"), wg0.changes.get(1));
        assertEquals(List.of("wg", "set", "wg0", "peer", ACCELERATOR.base64(), "endpoint", "192.0.2.1:51820",
                "allowed-ips", "10.99.0.0/24,172.16.0.0/12,fd00:50::/64", "persistent-keepalive", "25",
                "preshared-key", "/dev/stdin"), wg0.changes.get(2));
        assertEquals(PSK + "\n", wg0.stdins.get(2));
        assertTrue(wg0.changes.stream().flatMap(List::stream).noneMatch(PSK::equals), "the key never goes into argv");
    }

    @Test
    void aRebindThatFailsAfterRemovingThePeer_putsThePeerBackAtTheNextCheck() {
        wg0.handshake = NOW.minusSeconds(151).getEpochSecond();
        wg0.addsToRefuse = 1;
        assertThrows(CommandFailedException.class, () -> watchdog.check(NOW));
        assertFalse(wg0.peerPresent, "the failure left the interface without its peer");

        watchdog.check(NOW.plusSeconds(1));

        assertTrue(wg0.peerPresent);
        assertEquals(wg0.changes.get(2), wg0.changes.get(3), "the same peer, endpoint, allowed IPs and keepalive");
        assertEquals(PSK + "\n", wg0.stdins.get(3));
    }

    @Test
    void afterARebind_itWaitsTheSameTimeBeforeTryingAgain() {
        wg0.handshake = NOW.minusSeconds(600).getEpochSecond();
        watchdog.check(NOW);
        int changes = wg0.changes.size();

        assertEquals(Watchdog.Outcome.HEALTHY, watchdog.check(NOW.plusSeconds(100)));
        assertEquals(changes, wg0.changes.size());
        assertEquals(Watchdog.Outcome.REBOUND, watchdog.check(NOW.plusSeconds(151)));
    }

    @Test
    void probing_lostRepliesForDeadAfter_rebind_whileRepliesKeepItAliveWithAnOldHandshake() {
        wg0.handshake = NOW.minusSeconds(100).getEpochSecond();
        boolean[] answers = {true};
        Watchdog probing = new Watchdog(wg0, new InterfaceName("wg0"), ACCELERATOR, () -> answers[0], Duration.ofSeconds(3),
                () -> 40000);

        assertEquals(Watchdog.Outcome.HEALTHY, probing.check(NOW));
        assertEquals(Watchdog.Outcome.HEALTHY, probing.check(NOW.plusSeconds(1)));
        answers[0] = false;
        assertEquals(Watchdog.Outcome.HEALTHY, probing.check(NOW.plusSeconds(4)));
        assertEquals(List.of(), wg0.changes);

        assertEquals(Watchdog.Outcome.REBOUND, probing.check(NOW.plusSeconds(5)));
        assertEquals(40000, wg0.listenPort);
        assertTrue(wg0.peerPresent);
    }

    @Test
    void probing_theProbeGoesOutBeforeTheDump_soTheHandshakeItProvokesCountsInTheSameCheck() {
        wg0.handshake = 0;
        Watchdog probing = new Watchdog(wg0, new InterfaceName("wg0"), ACCELERATOR, () -> {
            wg0.handshake = NOW.getEpochSecond();
            return false;
        }, Duration.ofSeconds(3), () -> 40000);

        assertEquals(Watchdog.Outcome.HEALTHY, probing.check(NOW));
    }

    @Test
    void probing_aProbeThatCannotRun_failsTheCheck_andRebindsNothing() {
        wg0.handshake = NOW.minusSeconds(100).getEpochSecond();
        Watchdog probing = new Watchdog(wg0, new InterfaceName("wg0"), ACCELERATOR, () -> {
            throw CommandFailedExceptions.exited(List.of("ping"), 2, "ping: connect: Network is unreachable");
        }, Duration.ofSeconds(3), () -> 40000);

        assertThrows(CommandFailedException.class, () -> probing.check(NOW.plusSeconds(10)));
        assertEquals(List.of(), wg0.changes);
    }

    @Test
    void pingProbe_sendsOneEchoOutOfTheInterface_andReadsExitStatusOneAsNoReply() {
        List<List<String>> ran = new ArrayList<>();
        int[] exit = {0};
        CommandRunner ping = (argv, stdin) -> {
            ran.add(argv);
            if (exit[0] != 0) {
                throw CommandFailedExceptions.exited(argv, exit[0], "");
            }
            return "";
        };
        TunnelProbe probe = TunnelProbe.ping(ping, new InterfaceName("wg0"), Cidr.host("10.50.0.1"));

        assertTrue(probe.answered());
        exit[0] = 1;
        assertFalse(probe.answered());
        exit[0] = 2;
        assertThrows(CommandFailedException.class, probe::answered);
        assertEquals(List.of("ping", "-n", "-q", "-c", "1", "-W", "1", "-I", "wg0", "10.50.0.1"), ran.get(0));
    }

    @Test
    void pingProbe_refusesAPrefixWiderThanOneAddress() {
        assertThrows(IllegalArgumentException.class,
                () -> TunnelProbe.ping(wg0, new InterfaceName("wg0"), Cidr.parse("10.50.0.0/24")));
    }
}
