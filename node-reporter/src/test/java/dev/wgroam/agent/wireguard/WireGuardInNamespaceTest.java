package dev.wgroam.agent.wireguard;

import dev.wgroam.commands.CommandFailedException;
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.lab.netns.Lab;
import dev.wgroam.agent.netns.NetnsRequirement;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real thing: {@code wg show <iface> dump} through {@link WireGuard} against a wireguard-go
 * interface in a network namespace this test creates and deletes. Needs root, wireguard-go, wg and
 * ip; skipped loudly without them, failed instead when {@code WGROAM_REQUIRE_NETNS=1}.
 */
class WireGuardInNamespaceTest {

    private static final long PID = ProcessHandle.current().pid();
    private static final int LISTEN_PORT = 51999;

    private static Lab lab;
    private static CommandRunner inside;
    private static InterfaceName iface;
    private static String privateKey;
    private static String presharedKey;
    private static PeerKey interfaceKey;
    private static PeerKey roamingClient;
    private static PeerKey quietClient;

    @BeforeAll
    static void startWireGuardInANamespace() {
        if (!NetnsRequirement.satisfiedOnThisHost()) {
            return; // each test then skips (or fails) loudly in requireRootAndWireGuard
        }
        // The lab's names carry the PID: namespaces and wireguard-go's control sockets are host-wide.
        lab = new Lab();
        String ns = lab.host("it");
        iface = InterfaceName.of(lab.iface("wgit"));
        lab.wireguard(ns, iface.value());
        inside = lab.runner(ns);

        privateKey = inside.run(List.of("wg", "genkey")).strip();
        presharedKey = inside.run(List.of("wg", "genpsk")).strip();
        interfaceKey = new PeerKey(inside.run(List.of("wg", "pubkey"), privateKey + "\n").strip());
        roamingClient = publicKeyOfANewKey(inside);
        quietClient = publicKeyOfANewKey(inside);

        // Secrets travel on stdin, never in argv.
        inside.run(List.of("wg", "set", iface.value(), "private-key", "/dev/stdin",
                "listen-port", Integer.toString(LISTEN_PORT)), privateKey + "\n");
        inside.run(List.of("wg", "set", iface.value(),
                "peer", roamingClient.base64(), "endpoint", "192.0.2.10:51820",
                "allowed-ips", "10.50.0.2/32,10.60.0.0/16", "persistent-keepalive", "25"));
        inside.run(List.of("wg", "set", iface.value(),
                "peer", quietClient.base64(), "preshared-key", "/dev/stdin", "allowed-ips", "10.50.0.3/32,fd00:50::3/128"),
                presharedKey + "\n");
    }

    @BeforeEach
    void requireRootAndWireGuard(TestInfo test) {
        NetnsRequirement.requireOrSkip(getClass().getSimpleName() + "." + test.getDisplayName());
    }

    @AfterAll
    static void deleteTheNamespace() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void dump_ofARealInterface_givesItsKeyPortAndPeersAsConfigured() {
        WgDump dump = new WireGuard(inside).dump(iface);

        assertEquals(interfaceKey, dump.publicKey());
        assertEquals(LISTEN_PORT, dump.listenPort());
        List<PeerState> expected = List.of(
                new PeerState(roamingClient, new Endpoint("192.0.2.10", 51820),
                        List.of(Cidr.parse("10.50.0.2/32"), Cidr.parse("10.60.0.0/16")), Instant.EPOCH, 0, 0, 25),
                new PeerState(quietClient, null, List.of(Cidr.parse("10.50.0.3/32")), Instant.EPOCH, 0, 0, 0));
        assertEquals(sorted(expected), sorted(dump.peers()));
        assertEquals(List.of(), dump.rejected());
    }

    @Test
    void dump_ofARealInterface_holdsNeitherThePrivateNorThePresharedKey() {
        String raw = inside.run(List.of("wg", "show", iface.value(), "dump"));
        assertTrue(raw.contains(privateKey) && raw.contains(presharedKey), "wg itself prints both secrets");

        String printed = new WireGuard(inside).dump(iface).toString();

        assertFalse(printed.contains(privateKey), printed);
        assertFalse(printed.contains(presharedKey), printed);
    }

    @Test
    void dump_ofAnInterfaceThatDoesNotExist_throwsCommandFailed_withWgsOwnReason() {
        InterfaceName missing = InterfaceName.of("wgno" + PID);

        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> new WireGuard(inside).dump(missing));

        assertEquals(CommandFailedException.Reason.EXITED_NONZERO, e.reason());
        assertTrue(e.getMessage().contains("wg show wgno" + PID + " dump"), e.getMessage());
        assertTrue(e.stderr().contains("Unable to access interface"), e.stderr());
    }

    private static PeerKey publicKeyOfANewKey(CommandRunner runner) {
        return new PeerKey(runner.run(List.of("wg", "pubkey"), runner.run(List.of("wg", "genkey"))).strip());
    }

    private static List<PeerState> sorted(List<PeerState> peers) {
        return peers.stream().sorted(Comparator.comparing(PeerState::key)).toList();
    }
}
