package dev.wgroam.agent.wireguard;

import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.wgroam.agent.wireguard.Fixtures.HANDMADE_HANDSHAKES;
import static dev.wgroam.agent.wireguard.Fixtures.REAL_CAPTURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WgDumpParserTest {

    private static final PeerKey INTERFACE_KEY = new PeerKey("Yu2n8njWl3Fif/ionEOvJy7HLn0YVOPdk0vq1MmwrCM=");
    private static final PeerKey IPV6_ENDPOINT_PEER = new PeerKey("FG8QUoCj0Wy2mNLA+EvDTF2i5YIpQKE+FN+Grw7bJh4=");
    private static final PeerKey SILENT_PEER = new PeerKey("uwA3WTIILzFLmEfv4PEb0TPLC18FH2J0fhfJj7XSekc=");
    private static final PeerKey HANDSHAKE_PEER = new PeerKey("34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=");
    private static final PeerKey TWO_PREFIX_PEER = new PeerKey("Ss3GOBTjRKFHmrK+7mQTX4qpu6Nm/DL1op5ROG89dhs=");

    /** A valid interface line with throwaway keys, for the hand-written cases below. */
    private static final String HEADER = "4HlvJvfVzZXSSk7bMmdXCZEBPYFMxcaK+XCHdsQxFHc=\t"
            + "Yu2n8njWl3Fif/ionEOvJy7HLn0YVOPdk0vq1MmwrCM=\t51820\toff\n";
    private static final String PSK = "9eWBv0NbkvgYB7M9TVYlbwWYO6O1C8nhiUMJqcZTU10=";

    @Test
    void realCapture_givesTheInterfaceKeyAndPort_andEveryPeerInWgsOrder() {
        WgDump dump = WgDumpParser.parse(Fixtures.read(REAL_CAPTURE));

        assertEquals(INTERFACE_KEY, dump.publicKey());
        assertEquals(51820, dump.listenPort());
        assertEquals(List.of(IPV6_ENDPOINT_PEER, SILENT_PEER, HANDSHAKE_PEER, TWO_PREFIX_PEER),
                dump.peers().stream().map(PeerState::key).toList());
        assertEquals(List.of(), dump.rejected());
    }

    @Test
    void realCapture_peerThatHandshook_hasItsHandshakeCountersAndKeepalive() {
        PeerState peer = peer(WgDumpParser.parse(Fixtures.read(REAL_CAPTURE)), HANDSHAKE_PEER);

        assertEquals(new PeerState(HANDSHAKE_PEER, new Endpoint("192.0.2.2", 51821), List.of(Cidr.parse("10.50.0.2/32")),
                Instant.ofEpochSecond(1795552919L), 92, 328, 25), peer);
        assertTrue(peer.hasHandshake());
    }

    @Test
    void realCapture_peerWithoutEndpointOrHandshake_hasNullEndpointAndEpoch() {
        PeerState peer = peer(WgDumpParser.parse(Fixtures.read(REAL_CAPTURE)), SILENT_PEER);

        assertNull(peer.endpoint());
        assertEquals(Instant.EPOCH, peer.latestHandshake());
        assertFalse(peer.hasHandshake());
        assertEquals(0, peer.keepaliveSeconds());
        assertEquals(List.of(Cidr.parse("10.50.1.0/24")), peer.allowedIps());
    }

    @Test
    void realCapture_ipv6AllowedIp_isLeftOut_andTheIpv4OneKept() {
        WgDump dump = WgDumpParser.parse(Fixtures.read(REAL_CAPTURE));
        PeerState peer = peer(dump, IPV6_ENDPOINT_PEER);

        assertEquals(new Endpoint("[2001:db8::7]", 51820), peer.endpoint());
        assertEquals(List.of(Cidr.parse("10.50.0.4/32")), peer.allowedIps());
    }

    @Test
    void realCapture_severalAllowedIps_keepWgsOrder() {
        PeerState peer = peer(WgDumpParser.parse(Fixtures.read(REAL_CAPTURE)), TWO_PREFIX_PEER);

        assertEquals(List.of(Cidr.parse("10.50.0.3/32"), Cidr.parse("10.60.0.0/16")), peer.allowedIps());
    }

    @Test
    void handmadeDump_givesHandshakesAndCounters_upToTheLargestLong() {
        WgDump dump = WgDumpParser.parse(Fixtures.read(HANDMADE_HANDSHAKES));

        PeerState busy = peer(dump, TWO_PREFIX_PEER);
        assertEquals(Instant.parse("2026-11-24T20:41:30Z"), busy.latestHandshake());
        assertEquals(Long.MAX_VALUE, busy.rxBytes());
        assertEquals(123456789012L, busy.txBytes());
        PeerState ipv6 = peer(dump, IPV6_ENDPOINT_PEER);
        assertEquals(Instant.ofEpochSecond(1795552801L), ipv6.latestHandshake());
        assertEquals(1048576, ipv6.rxBytes());
        assertEquals(2097152, ipv6.txBytes());
        assertEquals(15, ipv6.keepaliveSeconds());
        assertEquals(4, dump.peers().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {REAL_CAPTURE, HANDMADE_HANDSHAKES})
    void fixtures_privateAndPresharedKeys_appearInNoParsedObject(String fixture) {
        String text = Fixtures.read(fixture);
        WgDump dump = WgDumpParser.parse(text);
        List<String> secrets = Fixtures.secretsOf(text);
        assertEquals(2, secrets.size(), "the fixture should hold the private key and one preshared key");

        List<String> printed = new ArrayList<>(List.of(dump.toString()));
        dump.peers().forEach(p -> printed.add(p.toString()));
        for (String secret : secrets) {
            for (String shown : printed) {
                assertFalse(Fixtures.showsPartOf(shown, secret, KeyHiding.SHORTEST_HIDDEN_RUN),
                        "a secret key shows in " + shown);
            }
        }
    }

    @Test
    void headerOnly_givesAnInterfaceWithoutPeers() {
        WgDump dump = WgDumpParser.parse(HEADER);

        assertEquals(List.of(), dump.peers());
        assertEquals(List.of(), dump.rejected());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "empty output                 | ''",
            "three fields                 | 4HlvJvfVzZXSSk7bMmdXCZEBPYFMxcaK+XCHdsQxFHc=\tYu2n8njWl3Fif/ionEOvJy7HLn0YVOPdk0vq1MmwrCM=\t51820",
            "a peer line first            | Yu2n8njWl3Fif/ionEOvJy7HLn0YVOPdk0vq1MmwrCM=\t(none)\t(none)\t(none)\t0\t0\t0\toff",
            "no key set                   | (none)\t(none)\t51820\toff",
            "bad public key               | 4HlvJvfVzZXSSk7bMmdXCZEBPYFMxcaK+XCHdsQxFHc=\tnot-a-key\t51820\toff",
            "port above 65535             | 4HlvJvfVzZXSSk7bMmdXCZEBPYFMxcaK+XCHdsQxFHc=\tYu2n8njWl3Fif/ionEOvJy7HLn0YVOPdk0vq1MmwrCM=\t65536\toff",
            "port beyond a long           | 4HlvJvfVzZXSSk7bMmdXCZEBPYFMxcaK+XCHdsQxFHc=\tYu2n8njWl3Fif/ionEOvJy7HLn0YVOPdk0vq1MmwrCM=\t9223372036854775808\toff",
            "negative port                | 4HlvJvfVzZXSSk7bMmdXCZEBPYFMxcaK+XCHdsQxFHc=\tYu2n8njWl3Fif/ionEOvJy7HLn0YVOPdk0vq1MmwrCM=\t-1\toff",
            "bad fwmark                   | 4HlvJvfVzZXSSk7bMmdXCZEBPYFMxcaK+XCHdsQxFHc=\tYu2n8njWl3Fif/ionEOvJy7HLn0YVOPdk0vq1MmwrCM=\t51820\tmark",
            "private key swapped to port  | Yu2n8njWl3Fif/ionEOvJy7HLn0YVOPdk0vq1MmwrCM=\t(none)\t4HlvJvfVzZXSSk7bMmdXCZEBPYFMxcaK+XCHdsQxFHc=\toff",
    })
    void badInterfaceLine_refusesTheWholeDump_withoutShowingThePrivateKey(String why, String header) {
        String dump = header.replace("\\t", "\t") + "\n"
                + "34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t192.0.2.2:51821\t10.50.0.2/32\t0\t0\t0\toff\n";

        MalformedDumpException e = assertThrows(MalformedDumpException.class, () -> WgDumpParser.parse(dump), why);

        assertFalse(Fixtures.showsPartOf(e.getMessage(), "4HlvJvfVzZXSSk7bMmdXCZEBPYFMxcaK+XCHdsQxFHc=", 8), e.getMessage());
        assertTrue(e.getMessage().contains("whole dump is refused") || e.getMessage().contains("printed nothing"),
                e.getMessage());
    }

    @Test
    void noKeyYet_saysHowToSetOne() {
        MalformedDumpException e = assertThrows(MalformedDumpException.class,
                () -> WgDumpParser.parse("(none)\t(none)\t0\toff\n"));

        assertTrue(e.getMessage().contains("wg set <iface> private-key"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "seven fields        | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t192.0.2.2:51821\t10.50.0.2/32\t0\t0\t0                    | it has 7 tab-separated fields, expected 8",
            "nine fields         | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t192.0.2.2:51821\t10.50.0.2/32\t0\t0\t0\toff\tx        | it has 9 tab-separated fields, expected 8",
            "bad public key      | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo\t(none)\t192.0.2.2:51821\t10.50.0.2/32\t0\t0\t0\toff          | public key is not a canonical WireGuard key: '<hidden>'",
            "bad preshared key   | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\tpsk\t192.0.2.2:51821\t10.50.0.2/32\t0\t0\t0\toff            | preshared key field is neither (none) nor 44 base64 characters",
            "bad endpoint        | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t192.0.2.2\t10.50.0.2/32\t0\t0\t0\toff             | endpoint is neither (none) nor host:port: '192.0.2.2'",
            "endpoint port 0     | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t192.0.2.2:0\t10.50.0.2/32\t0\t0\t0\toff           | endpoint is neither (none) nor host:port: '192.0.2.2:0'",
            "junk allowed IP     | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t10.50.0.2/32,10.50.0.300/32\t0\t0\t0\toff | allowed IP 2 of 2 is neither an IPv4 nor an IPv6 prefix: '10.50.0.300/32'",
            "empty allowed IP    | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t10.50.0.2/32,\t0\t0\t0\toff            | allowed IP 2 of 2 is neither an IPv4 nor an IPv6 prefix: ''",
            "negative handshake  | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t(none)\t-1\t0\t0\toff                     | latest handshake is not a non-negative decimal number: '-1'",
            "handshake past 9999 | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t(none)\t253402300800\t0\t0\toff           | latest handshake is after the year 9999: '253402300800'",
            "rx above a long     | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t(none)\t0\t9223372036854775808\t0\toff    | rx bytes is above 2^63-1: '9223372036854775808'",
            "tx with a sign      | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t(none)\t0\t0\t+5\toff                     | tx bytes is not a non-negative decimal number: '+5'",
            "keepalive too big   | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t(none)\t0\t0\t0\t65536                   | persistent keepalive is above 65535 seconds: '65536'",
            "keepalive word      | 34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t(none)\t0\t0\t0\ton                      | persistent keepalive is not a non-negative decimal number: 'on'",
    })
    void badPeerLine_isRejectedAlone_withAReasonNamingTheField(String why, String line, String reason) {
        String good = "Ss3GOBTjRKFHmrK+7mQTX4qpu6Nm/DL1op5ROG89dhs=\t(none)\t(none)\t10.50.0.3/32\t0\t0\t0\toff";

        WgDump dump = WgDumpParser.parse(HEADER + line.replace("\\t", "\t") + "\n" + good + "\n");

        assertEquals(List.of(TWO_PREFIX_PEER), dump.peers().stream().map(PeerState::key).toList(), why);
        assertEquals(List.of(new Rejected(2, "peer line 2 rejected: " + reason)), dump.rejected(), why);
    }

    @Test
    void peerLineWithOneUnparseableAllowedIp_isRejectedWhole_ratherThanKeptWithAPartialRouteList() {
        WgDump dump = WgDumpParser.parse(HEADER
                + "34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t10.50.0.2/32,10.60.0.1/16\t0\t0\t0\toff\n");

        assertEquals(List.of(), dump.peers());
        assertEquals(1, dump.rejected().size());
    }

    @Test
    void peerWithOnlyIpv6AllowedIps_isKeptWithNoAllowedIps() {
        WgDump dump = WgDumpParser.parse(HEADER
                + "34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\tfd00::2/128,::/0\t0\t0\t0\toff\n");

        assertEquals(List.of(), dump.peers().get(0).allowedIps());
    }

    @Test
    void secondLineForTheSameKey_isRejected_andTheFirstKept() {
        WgDump dump = WgDumpParser.parse(HEADER
                + "34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t10.50.0.2/32\t0\t0\t0\toff\n"
                + "34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t10.50.0.9/32\t0\t0\t0\toff\n");

        assertEquals(List.of(Cidr.parse("10.50.0.2/32")), dump.peers().get(0).allowedIps());
        assertEquals(List.of(new Rejected(3, "peer line 3 rejected: repeats the public key of line 2; only the first line is kept")),
                dump.rejected());
    }

    @Test
    void lineWithIpv6AllowedIps_andABadField_isRejected() {
        WgDump dump = WgDumpParser.parse(HEADER
                + "34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\tfd00::2/128\t0\t0\t0\tbad\n");

        assertEquals(List.of(), dump.peers());
        assertEquals(1, dump.rejected().size());
    }

    @Test
    void emptyLines_areIgnored_andLineNumbersStillCountThem() {
        WgDump dump = WgDumpParser.parse(HEADER + "\n\nbroken\n");

        assertEquals(List.of(new Rejected(4, "peer line 4 rejected: it has 1 tab-separated fields, expected 8")),
                dump.rejected());
    }

    @Test
    void presharedKeyMovedIntoAnotherField_isHiddenInTheReason() {
        // Endpoint and preshared key swapped: the key lands where a quoted value would be shown.
        String line = "34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t" + PSK + "\t10.50.0.2/32\t0\t0\t0\toff\n";

        WgDump dump = WgDumpParser.parse(HEADER + line);

        String reason = dump.rejected().get(0).reason();
        assertEquals("peer line 2 rejected: endpoint is neither (none) nor host:port: '<hidden>'", reason);
    }

    @Test
    void crlfLineEndings_areNotWgOutput_andRejectTheLines() {
        String dump = HEADER.replace("\n", "") + "\n"
                + "34eVxNz7uIhhbfNPfFyGRjUCKh4yVXQZZRpZ35KHUDo=\t(none)\t(none)\t10.50.0.2/32\t0\t0\t0\toff\r\n";

        assertEquals(1, WgDumpParser.parse(dump).rejected().size());
        assertThrows(MalformedDumpException.class, () -> WgDumpParser.parse(HEADER.replace("\n", "\r\n")));
    }

    private static PeerState peer(WgDump dump, PeerKey key) {
        return dump.peers().stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no peer " + key.shortForm() + " in " + dump.peers()));
    }
}
