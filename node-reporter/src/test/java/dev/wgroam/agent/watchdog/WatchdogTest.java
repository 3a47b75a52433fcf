package dev.wgroam.agent.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.commands.CommandFailedException;
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watchdog against a modelled client interface that answers only the commands it expects. */
class WatchdogTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final PeerKey ACCELERATOR = PeerKey.of(new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
            7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});
    static final String PSK = PeerKey.of(new byte[32]).base64();

    static final String A = ACCELERATOR.base64();
    static final String ENDPOINT = "192.0.2.1:51820";

    /** A client's wg0 with one peer, the accelerator, IPv6 among its allowed IPs, and a preshared key. */
    final SimulatedHost wg0 = new SimulatedHost().wireguard("wg0", PeerKey.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
            12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}), PeerKey.of(new byte[32]), 51820);
    final Watchdog watchdog = new Watchdog(wg0, new InterfaceName("wg0"), ACCELERATOR, Duration.ofSeconds(150),
            () -> 40000);

    @BeforeEach
    void accelerator() {
        wg0.byHand(List.of("wg", "set", "wg0", "peer", A, "endpoint", ENDPOINT, "allowed-ips",
                "10.99.0.0/24,172.16.0.0/12,fd00:50::/64", "persistent-keepalive", "25", "preshared-key", "/dev/stdin"),
                PSK + "\n");
    }

    void handshake(Instant at) {
        wg0.handshake("wg0", A, ENDPOINT, at);
    }

    boolean peerPresent() {
        return wg0.peers("wg0").containsKey(A);
    }

    @Test
    void aFreshTunnel_isLeftAlone() {
        handshake(NOW.minusSeconds(100));

        assertEquals(Watchdog.Outcome.HEALTHY, watchdog.check(NOW));
        assertEquals(List.of(), wg0.changes());
    }

    @Test
    void aDeadTunnel_getsANewPortAndAResetPeer_withEveryAllowedIpAndThePresharedKeyViaStdin() {
        handshake(NOW.minusSeconds(151));

        assertEquals(Watchdog.Outcome.REBOUND, watchdog.check(NOW));

        assertEquals(40000, wg0.listenPort("wg0"));
        assertEquals(List.of("wg", "set", "wg0", "peer", ACCELERATOR.base64(), "remove"), wg0.changes().get(1));
        assertEquals(List.of("wg", "set", "wg0", "peer", ACCELERATOR.base64(), "endpoint", "192.0.2.1:51820",
                "allowed-ips", "10.99.0.0/24,172.16.0.0/12,fd00:50::/64", "persistent-keepalive", "25",
                "preshared-key", "/dev/stdin"), wg0.changes().get(2));
        assertEquals(PSK + "\n", wg0.stdins().get(2));
        assertTrue(wg0.changes().stream().flatMap(List::stream).noneMatch(PSK::equals), "the key never goes into argv");
    }

    @Test
    void aRebindThatFailsAfterRemovingThePeer_putsThePeerBackAtTheNextCheck() {
        handshake(NOW.minusSeconds(151));
        wg0.failNext("wg set wg0 peer " + A + " endpoint", 1);
        assertThrows(CommandFailedException.class, () -> watchdog.check(NOW));
        assertFalse(peerPresent(), "the failure left the interface without its peer");

        watchdog.check(NOW.plusSeconds(1));

        assertTrue(peerPresent());
        assertEquals(wg0.changes().get(2), wg0.changes().get(3), "the same peer, endpoint, allowed IPs and keepalive");
        assertEquals(PSK + "\n", wg0.stdins().get(3));
    }

    @Test
    void afterARebind_itWaitsTheSameTimeBeforeTryingAgain() {
        handshake(NOW.minusSeconds(600));
        watchdog.check(NOW);
        int changes = wg0.changes().size();

        assertEquals(Watchdog.Outcome.WAITING_FOR_FIRST_HANDSHAKE, watchdog.check(NOW.plusSeconds(100)),
                "the reset peer has no handshake yet");
        assertEquals(changes, wg0.changes().size());
        assertEquals(Watchdog.Outcome.REBOUND, watchdog.check(NOW.plusSeconds(151)));
    }

    @Test
    void probing_lostRepliesForDeadAfter_rebind_whileRepliesKeepItAliveWithAnOldHandshake() {
        handshake(NOW.minusSeconds(100));
        boolean[] answers = {true};
        Watchdog probing = new Watchdog(wg0, new InterfaceName("wg0"), ACCELERATOR, () -> answers[0], Duration.ofSeconds(3),
                () -> 40000);

        assertEquals(Watchdog.Outcome.HEALTHY, probing.check(NOW));
        assertEquals(Watchdog.Outcome.HEALTHY, probing.check(NOW.plusSeconds(1)));
        answers[0] = false;
        assertEquals(Watchdog.Outcome.HEALTHY, probing.check(NOW.plusSeconds(4)));
        assertEquals(List.of(), wg0.changes());

        assertEquals(Watchdog.Outcome.REBOUND, probing.check(NOW.plusSeconds(5)));
        assertEquals(40000, wg0.listenPort("wg0"));
        assertTrue(peerPresent());
    }

    @Test
    void probing_theProbeGoesOutBeforeTheDump_soTheHandshakeItProvokesCountsInTheSameCheck() {
        Watchdog probing = new Watchdog(wg0, new InterfaceName("wg0"), ACCELERATOR, () -> {
            handshake(NOW);
            return false;
        }, Duration.ofSeconds(3), () -> 40000);

        assertEquals(Watchdog.Outcome.HEALTHY, probing.check(NOW));
    }

    @Test
    void probing_aProbeThatCannotRun_failsTheCheck_andRebindsNothing() {
        handshake(NOW.minusSeconds(100));
        Watchdog probing = new Watchdog(wg0, new InterfaceName("wg0"), ACCELERATOR, () -> {
            throw CommandFailedException.exited(List.of("ping"), 2, "", "ping: connect: Network is unreachable");
        }, Duration.ofSeconds(3), () -> 40000);

        assertThrows(CommandFailedException.class, () -> probing.check(NOW.plusSeconds(10)));
        assertEquals(List.of(), wg0.changes());
    }

    @Test
    void pingProbe_sendsOneEchoOutOfTheInterface_andReadsExitStatusOneAsNoReply() {
        List<List<String>> ran = new ArrayList<>();
        int[] exit = {0};
        CommandRunner ping = (argv, stdin) -> {
            ran.add(argv);
            if (exit[0] != 0) {
                throw CommandFailedException.exited(argv, exit[0], "", "");
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
