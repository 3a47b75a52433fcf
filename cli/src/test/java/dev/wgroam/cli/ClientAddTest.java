package dev.wgroam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.lab.netns.Lab;
import dev.wgroam.registry.RegisteredClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code client add} prints a config a client can use as it is: its key pair is WireGuard's, its
 * peer is the fleet's clients interface behind the accelerator, and wg-quick and wg take it.
 */
class ClientAddTest extends CliFixture {

    private static final Pattern PRIVATE_KEY = Pattern.compile("\nPrivateKey = (\\S+)\n");

    @Test
    void withoutAKey_theKeyPairIsMadeHere_andTheConfigReachesTheBackboneAndEveryApprovedVpc() throws Exception {
        fleet();
        nodeWrites(ARN_A, randomKey(), "10.99.0.1/32");
        assertEquals(0, run("node", "approve", ARN_A, "--vpc", "172.31.0.0/16,10.8.0.0/16", "--primary"), err());

        assertEquals(0, run("client", "add", "laptop-7"), err());

        RegisteredClient client = clients().get(0);
        String out = out();
        Matcher key = PRIVATE_KEY.matcher(out);
        assertTrue(key.find(), out);
        assertEquals(client.key().base64(), exec(key.group(1) + "\n", "wg", "pubkey").strip());
        assertTrue(out.contains("[Interface]\n# Name = laptop-7\nAddress = 10.50.0.2/32\nPrivateKey = " + key.group(1)
                + "\n\n[Peer]\nPublicKey = " + CLIENTS_KEY + "\nEndpoint = vpn.example.com:51820\n"
                + "AllowedIPs = 10.99.0.0/24, 10.50.0.1/32, 10.8.0.0/16, 172.31.0.0/16\nPersistentKeepalive = 25\n"), out);
        assertTrue(out.contains("  wg-roam-agent watchdog --interface wg-roam --peer " + CLIENTS_KEY
                + " --probe 10.50.0.1\n"), out);
        // Stored nowhere: no item of the table holds the private key.
        assertTrue(scan().stream().noneMatch(i -> i.toString().contains(key.group(1))));
    }

    @Test
    void withAKey_theConfigLeavesThePrivateKeyToTheClient() {
        fleet();
        var given = randomKey();

        assertEquals(0, run("client", "add", "callserver-1", "--public-key", given.base64(), "--qr"), err());

        assertEquals(given, clients().get(0).key());
        assertTrue(out().contains("PrivateKey = <the client's private key>\n"), out());
        String qr = out().substring(out().indexOf("scan from QR code):\n") + 20, out().indexOf("its watchdog"));
        assertTrue(qr.strip().length() > 400 && qr.strip().chars().allMatch(c -> "█▀▄ \n".indexOf(c) >= 0), qr);
    }

    @Test
    void rotate_givesANewKey_atTheSameAddress_andTheOldKeyIsRegisteredNowhere() {
        fleet();
        assertEquals(0, run("client", "add", "laptop-7"), err());
        assertEquals(0, run("client", "add", "laptop-8"), err());
        RegisteredClient old = clients().stream().filter(c -> c.name().value().equals("laptop-7")).findFirst().orElseThrow();

        assertEquals(0, run("client", "rotate", "laptop-7"), err());

        Matcher key = PRIVATE_KEY.matcher(out());
        assertTrue(key.find(), out());
        RegisteredClient rotated = clients().stream().filter(c -> c.name().value().equals("laptop-7")).findFirst()
                .orElseThrow();
        assertEquals(old.address(), rotated.address());
        assertTrue(!rotated.key().equals(old.key()) && clients().stream().noneMatch(c -> c.key().equals(old.key())));
        assertTrue(scan().stream().noneMatch(i -> i.toString().contains(old.key().base64())), "the old key is left");
        assertTrue(out().contains("Address = " + old.address() + "\n"), out());
        // The claims now name the new key: removing the rotated client frees its address for the next.
        assertEquals(0, run("client", "remove", "laptop-7"), err());
        assertEquals(0, run("client", "add", "laptop-9"), err());
        assertTrue(out().contains("Address = " + old.address() + "\n"), out());
    }

    @Test
    void rotate_toAKeyAnotherClientHolds_orOfAnUnknownClient_isRefused() {
        fleet();
        var taken = randomKey();
        assertEquals(0, run("client", "add", "laptop-7"), err());
        assertEquals(0, run("client", "add", "laptop-8", "--public-key", taken.base64()), err());

        assertTrue(refused("client", "rotate", "laptop-7", "--public-key", taken.base64())
                .contains("already registered as laptop-8"), err());
        assertTrue(refused("client", "rotate", "nobody").contains("no client named nobody"), err());
    }

    @Test
    void fleetSettingsWithoutTheClientsKey_areRefused_withWhatToSet() {
        assertEquals(0, run("fleet", "set", "--client-cidr", "10.50.0.0/24", "--backbone-range", "10.99.0.0/24",
                "--accelerator", "vpn.example.com"), err());

        assertTrue(refused("client", "add", "laptop-7").contains("fleet set --clients-public-key"), err());
    }

    @Test
    void theConfig_strippedByWgQuick_isTakenByWgSetconf_onWireguardGo() throws Exception {
        fleet();
        // An address, not a name: wg resolves names, and the lab has no DNS.
        assertEquals(0, run("fleet", "set", "--client-port", "4500", "--accelerator", "203.0.113.50"), err());
        assertEquals(0, run("client", "add", "laptop-7"), err());
        String out = out();
        String config = out.substring(out.indexOf("[Interface]"), out.indexOf("its watchdog"));
        Path dir = Files.createTempDirectory("wgroam-client-");
        try (Lab lab = new Lab()) {
            String iface = lab.iface("cl");
            Path file = dir.resolve(iface + ".conf");
            Files.writeString(file, config);
            String stripped = exec(null, "wg-quick", "strip", file.toString());
            Files.writeString(file, stripped);
            String ns = lab.host("client");
            lab.wireguard(ns, iface);

            lab.run(ns, "wg", "setconf", iface, file.toString());

            String dump = lab.run(ns, "wg", "show", iface, "dump");
            String peer = dump.lines().skip(1).findFirst().orElseThrow();
            assertEquals(List.of(CLIENTS_KEY.base64(), "(none)"), List.of(peer.split("\t")).subList(0, 2), dump);
            assertTrue(peer.contains("\t203.0.113.50:4500\t10.99.0.0/24,10.50.0.1/32\t"), dump);
            assertTrue(peer.endsWith("\t25"), dump);
            assertTrue(config.contains("\nEndpoint = 203.0.113.50:4500\n"), config);
            assertEquals(clients().get(0).key().base64(), dump.lines().findFirst().orElseThrow().split("\t")[1]);
        } finally {
            Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs {@code argv} with {@code input} on its stdin (none when null); its stdout, or a failure quoting stderr. */
    private static String exec(String input, String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        }
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), List.of(argv) + ": " + stderr);
        return stdout;
    }
}
