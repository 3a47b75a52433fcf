package dev.wgroam.cli.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.registry.ClientName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientsConfTest {

    static PeerKey key(int n) {
        byte[] raw = new byte[32];
        Arrays.fill(raw, (byte) n);
        return PeerKey.of(raw);
    }

    /** A private key's text: it must never appear in a message. */
    static final String PRIVATE_KEY = key(99).base64();

    private static ImportedClient client(String name, int key, String address) {
        return new ImportedClient(new ClientName(name), key(key), Cidr.parse(address));
    }

    @Test
    void parse_aNodesClientsConf_givesEachPeerWithItsNameOrTheDefault() {
        String conf = """
                [Interface]
                # the node's side: never read
                PrivateKey = %s
                ListenPort = 51820
                Address = 10.50.0.1/32

                # callserver-7
                [Peer]
                PublicKey = %s
                AllowedIPs = 10.50.0.7/32

                [Peer]
                # Name = ann.laptop
                publickey=%s
                AllowedIPs = 10.50.0.8/32   # moved here in May
                PersistentKeepalive = 25

                # Bob's phone, a note and no name
                [peer]
                PublicKey = %s
                PresharedKey = %s
                AllowedIPs = 10.50.0.9/32
                Endpoint = 198.51.100.7:51820
                """.formatted(PRIVATE_KEY, key(7), key(8), key(9), PRIVATE_KEY);

        assertEquals(List.of(client("callserver-7", 7, "10.50.0.7/32"), client("ann.laptop", 8, "10.50.0.8/32"),
                        client("client-10-50-0-9", 9, "10.50.0.9/32")),
                ClientsConf.parse(conf));
    }

    @Test
    void parse_aNameSettingWinsOverAOneWordComment_andCrLfAndABomAreRead() {
        String conf = "\uFEFF# old-name\r\n[Peer]\r\n# Name = new-name\r\nPublicKey = " + key(1) + "\r\nAllowedIPs = 10.50.0.2/32\r\n";

        assertEquals(List.of(client("new-name", 1, "10.50.0.2/32")), ClientsConf.parse(conf));
    }

    @Test
    void parse_aCommentBelowABlocksSettings_namesThatBlock_unlessTheNextPeerFollowsAtOnce() {
        String conf = """
                [Peer]
                PublicKey = %s
                AllowedIPs = 10.50.0.2/32
                # first

                # second
                [Peer]
                PublicKey = %s
                AllowedIPs = 10.50.0.3/32
                """.formatted(key(1), key(2));

        assertEquals(List.of(client("first", 1, "10.50.0.2/32"), client("second", 2, "10.50.0.3/32")),
                ClientsConf.parse(conf));
    }

    @Test
    void parse_listsEveryProblemWithItsLine_andNeverAKeyFromTheInterface() {
        String conf = """
                [Interface]
                PrivateKey = %s
                [Peer]
                PublicKey = not-a-key
                AllowedIPs = 10.50.0.2/32
                [Peer]
                PublicKey = %s
                AllowedIPs = 10.50.0.0/24
                [Peer]
                PublicKey = %s
                AllowedIPs = 10.50.0.4/32, 10.50.0.5/32
                [Peer]
                AllowedIPs = 10.50.0.6/32
                [Peer]
                PublicKey = %s
                AllowedIPs = 10.50.0.7/32
                Table = off
                this line means nothing
                [Peer]
                # one
                # two
                PublicKey = %s
                AllowedIPs = 10.50.0.8/32
                [Peer]
                PublicKey = %s
                PresharedKey = %s
                AllowedIPs = 10.50.0.300/32
                """.formatted(PRIVATE_KEY, key(2), key(3), key(5), key(6), key(7), PRIVATE_KEY);

        ClientsConfException e = assertThrows(ClientsConfException.class, () -> ClientsConf.parse(conf));

        assertEquals(List.of(
                "[Peer] at line 3: not a WireGuard public key (44 base64 characters ending in '='): 'not-a-key'",
                "[Peer] at line 6: AllowedIPs 10.50.0.0/24 is not a /32",
                "[Peer] at line 9: a client has exactly one AllowedIPs address, a /32; this block has 2",
                "[Peer] at line 12: no PublicKey",
                "line 17: unknown setting 'Table' in [Peer]",
                "line 18: neither a section, a setting (Key = value) nor a comment",
                "[Peer] at line 19: names it 'one' (line 20) and 'two' (line 21); keep one",
                "[Peer] at line 24: AllowedIPs: not a canonical IPv4 prefix: '10.50.0.300/32'"), e.problems());
        assertFalse(e.getMessage().contains(PRIVATE_KEY), e.getMessage());
        assertTrue(e.getMessage().startsWith("8 problems: [Peer] at line 3: "), e.getMessage());
    }

    @Test
    void parse_settingsOutsideASection_orAnUnknownSection_areProblems() {
        ClientsConfException e = assertThrows(ClientsConfException.class,
                () -> ClientsConf.parse("PublicKey = " + key(1) + "\n[Peers]\n"));

        assertEquals(List.of("line 1: a setting outside any [Peer] or [Interface] section", "line 2: unknown section [Peers]"),
                e.problems());
    }

    @Test
    void parse_anInvalidName_isAProblem() {
        ClientsConfException e = assertThrows(ClientsConfException.class,
                () -> ClientsConf.parse("[Peer]\n# Name = two words\nPublicKey = " + key(1) + "\nAllowedIPs = 10.50.0.2/32\n"));

        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith("line 2: not a client name"), e.problems().toString());
    }
}
