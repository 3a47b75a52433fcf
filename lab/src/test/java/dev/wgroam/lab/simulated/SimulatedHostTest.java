package dev.wgroam.lab.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wgroam.commands.CommandFailedException;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the real tools cannot show: the model's own bookkeeping (SimulatedHostInNamespaceTest compares the output). */
class SimulatedHostTest {

    static final String K1 = PeerKey.of(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0}).base64();
    static final String K2 = PeerKey.of(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0}).base64();

    final SimulatedHost host = new SimulatedHost().wireguard("wg0", PeerKey.of(new byte[32]), PeerKey.of(new byte[32]), 51820);

    @Test
    void anArgvTheModelDoesNotKnow_failsTheTest() {
        assertThrows(AssertionError.class, () -> host.run(List.of("ip", "route", "add", "10.0.0.0/8", "dev", "wg0")));
        assertThrows(AssertionError.class, () -> host.run(List.of("wg", "show", "wg0", "transfer")));
        assertThrows(AssertionError.class, () -> host.run(List.of("wg", "set", "wg0", "peer", K1, "allowed-ips", "+10.0.0.0/8")));
        assertThrows(AssertionError.class, () -> host.run(List.of("nft", "-f", "-")));
    }

    @Test
    void givingAPrefixToOnePeer_takesItFromTheOther_onThatInterfaceOnly() {
        host.wireguard("wg1", PeerKey.of(new byte[32]), PeerKey.of(new byte[32]), 51821);
        host.run(List.of("wg", "set", "wg0", "peer", K1, "allowed-ips", "10.50.0.7/32,10.99.0.1/32"));
        host.run(List.of("wg", "set", "wg1", "peer", K1, "allowed-ips", "10.50.0.7/32"));
        host.run(List.of("wg", "set", "wg0", "peer", K2, "allowed-ips", "10.50.0.7/32"));

        assertEquals(Set.of("10.99.0.1/32"), host.peers("wg0").get(K1).allowedIps());
        assertEquals(Set.of("10.50.0.7/32"), host.peers("wg0").get(K2).allowedIps());
        assertEquals(Set.of("10.50.0.7/32"), host.peers("wg1").get(K1).allowedIps());
    }

    @Test
    void commandsByHand_changeTheHost_butAreNotCountedAsSent() {
        host.byHand("ip", "route", "replace", "10.50.0.7/32", "dev", "wg0");
        host.run(List.of("ip", "-4", "-o", "route", "show", "dev", "wg0"));
        host.run(List.of("ip", "route", "del", "10.50.0.7/32", "dev", "wg0"));

        assertEquals(List.of(List.of("ip", "route", "del", "10.50.0.7/32", "dev", "wg0")), host.changes());
        assertEquals(1, host.reads());
        assertEquals(Map.of(), host.routes());
    }

    @Test
    void injectedFailures_failAsTheKernelRefusing_andAreRecordedAsSent() {
        host.failNext("wg set wg0 peer " + K1, 1);

        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> host.run(List.of("wg", "set", "wg0", "peer", K1, "allowed-ips", "10.0.0.1/32")));
        host.run(List.of("wg", "set", "wg0", "peer", K1, "allowed-ips", "10.0.0.1/32"));

        assertEquals(1, e.exitCode().orElseThrow());
        assertEquals("Unable to modify interface: Operation not permitted", e.stderr().strip());
        assertEquals(2, host.changes().size());
        host.fail("ip route");
        assertThrows(CommandFailedException.class, () -> host.run(List.of("ip", "route", "replace", "10.0.0.1", "dev", "wg0")));
        host.heal();
        host.run(List.of("ip", "route", "replace", "10.0.0.1", "dev", "wg0"));
        assertEquals(Map.of("10.0.0.1/32", "wg0"), host.routes());
    }

    @Test
    void aHandshake_setsTheEndpointAndTime_thatTheDumpShows() {
        host.run(List.of("wg", "set", "wg0", "peer", K1, "allowed-ips", "10.50.0.7/32"));
        host.handshake("wg0", K1, "198.51.100.7:40000", Instant.ofEpochSecond(1_700_000_000));
        host.transfer("wg0", K1, 148, 92);

        assertEquals(K1 + "\t(none)\t198.51.100.7:40000\t10.50.0.7/32\t1700000000\t148\t92\toff",
                host.run(List.of("wg", "show", "wg0", "dump")).lines().toList().get(1));
    }
}
