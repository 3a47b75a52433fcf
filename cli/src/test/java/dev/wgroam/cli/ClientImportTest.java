package dev.wgroam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.wireguard.PeerKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code client import FILE} of a hand-kept clients.conf, against DynamoDB Local. */
class ClientImportTest extends CliFixture {

    @TempDir
    Path dir;

    /**
     * A node's clients.conf as kept by hand: its interface, then one block per peer at 10.50.0.10 and
     * up, named in each of the ways the file may name a client, or not at all.
     */
    record Conf(String interfaceSection, List<String> blocks, Map<PeerKey, String> addresses) {
        String text() {
            return text(blocks.size());
        }

        /** The file with only its first {@code peers} blocks. */
        String text(int peers) {
            return interfaceSection + String.join("", blocks.subList(0, peers));
        }
    }

    static Conf clientsConf(int count) {
        String interfaceSection = """
                [Interface]
                PrivateKey = %s
                ListenPort = 51820
                Address = 10.50.0.1/32
                """.formatted(randomKey());
        List<String> blocks = new ArrayList<>();
        Map<PeerKey, String> addresses = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            PeerKey key = randomKey();
            String address = "10.50.0." + (10 + i) + "/32";
            addresses.put(key, address);
            StringBuilder block = new StringBuilder("\n");
            switch (i % 4) {
                case 0 -> block.append("# phone-").append(i).append("\n[Peer]\n");
                case 1 -> block.append("[Peer]\n# Name = laptop-").append(i).append('\n');
                case 2 -> block.append("# Desk of someone, a note\n[Peer]\n");
                default -> block.append("[Peer]\n");
            }
            block.append("PublicKey = ").append(key).append("\nAllowedIPs = ").append(address).append('\n');
            if (i % 5 == 0) {
                block.append("PersistentKeepalive = 25\n");
            }
            blocks.add(block.toString());
        }
        return new Conf(interfaceSection, blocks, addresses);
    }

    Path write(String text) throws IOException {
        Path file = dir.resolve("clients-" + System.nanoTime() + ".conf");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void import_ofFiftyPeers_registersExactlyTheirKeysAndAddresses_andARerunChangesNothing() throws IOException {
        fleet();
        Conf conf = clientsConf(50);
        Path file = write(conf.text());

        assertEquals(0, run("client", "import", file.toString()), err());

        assertTrue(out().endsWith(": 50 clients registered, 0 registered so already\n"), out());
        Map<PeerKey, String> registered = clients().stream()
                .collect(Collectors.toMap(RegisteredClient::key, c -> c.address().toString()));
        assertEquals(conf.addresses(), registered);
        Map<String, String> names = clients().stream().collect(Collectors.toMap(c -> c.address().toString(), c -> c.name().value()));
        assertEquals("phone-0", names.get("10.50.0.10/32"));
        assertEquals("laptop-1", names.get("10.50.0.11/32"));
        assertEquals("client-10-50-0-12", names.get("10.50.0.12/32"));
        assertEquals("client-10-50-0-13", names.get("10.50.0.13/32"));
        assertEquals(1 + 3 * 50, scan().size(), "the fleet settings, and each client with its two claims");

        List<Map<String, AttributeValue>> before = scan();
        assertEquals(0, run("client", "import", file.toString()), err());

        assertTrue(out().endsWith(": 0 clients registered, 50 registered so already\n"), out());
        assertEquals(before, scan());
    }

    @Test
    void import_ofAMalformedFile_writesNothing_andNamesTheLine() throws IOException {
        fleet();
        Conf conf = clientsConf(50);
        String broken = conf.text().replaceFirst("AllowedIPs = 10.50.0.30/32", "AllowedIPs = 10.50.0.32/27");

        String why = refused("client", "import", write(broken).toString());

        assertTrue(why.contains("AllowedIPs 10.50.0.32/27 is not a /32"), why);
        assertTrue(clients().isEmpty());
    }

    @Test
    void import_refusesTheWholeFile_forAnAddressOutsideTheClientCidr_orNoClientsAddress() throws IOException {
        fleet();
        Conf conf = clientsConf(20);

        assertTrue(refused("client", "import", write(conf.text().replace("10.50.0.29/32", "10.60.0.29/32")).toString())
                .contains("10.60.0.29/32 is outside the client CIDR 10.50.0.0/24"), err());
        assertTrue(refused("client", "import", write(conf.text().replace("10.50.0.29/32", "10.50.0.1/32")).toString())
                .contains("gateway"), err());
        assertTrue(clients().isEmpty());
    }

    @Test
    void import_refusesDuplicatesInTheFile_andAgainstTheRegistry() throws IOException {
        fleet();
        Conf conf = clientsConf(10);
        PeerKey first = conf.addresses().keySet().iterator().next();

        String twice = refused("client", "import", write(conf.text() + "\n[Peer]\nPublicKey = " + first
                + "\nAllowedIPs = 10.50.0.99/32\n").toString());
        assertTrue(twice.contains("the key is in the file twice"), twice);
        String sameAddress = refused("client", "import", write(conf.text() + "\n[Peer]\nPublicKey = " + randomKey()
                + "\nAllowedIPs = 10.50.0.10/32\n").toString());
        assertTrue(sameAddress.contains("the address is in the file twice"), sameAddress);

        // Registered since by hand: another key at one of the file's addresses, the file's key elsewhere.
        assertEquals(0, run("client", "add", "early", "--public-key", randomKey().base64()), err());
        String taken = refused("client", "import", write(conf.text().replace("10.50.0.15/32", "10.50.0.2/32")).toString());
        assertTrue(taken.contains("the address is registered to early"), taken);
        assertEquals(0, run("client", "add", "moved", "--public-key", first.base64()), err());
        String moved = refused("client", "import", write(conf.text()).toString());
        assertTrue(moved.contains("the key is registered as moved at 10.50.0.3/32"), moved);
        assertEquals(2, clients().size());
    }

    @Test
    void import_ofAMissingFile_saysSo() {
        fleet();

        assertEquals(CliMain.NO_INPUT, run("client", "import", dir.resolve("absent.conf").toString()));

        assertTrue(err().startsWith("no file "), err());
    }

    @Test
    void import_afterAPartialImport_addsOnlyTheRest() throws IOException {
        fleet();
        Conf conf = clientsConf(40);
        // The first 21 blocks, as an import stopped midway would have left the registry.
        assertEquals(0, run("client", "import", write(conf.text(21)).toString()), err());
        assertEquals(21, clients().size());

        assertEquals(0, run("client", "import", write(conf.text()).toString()), err());

        assertTrue(out().endsWith(": 19 clients registered, 21 registered so already\n"), out());
        assertEquals(conf.addresses(), clients().stream()
                .collect(Collectors.toMap(RegisteredClient::key, c -> c.address().toString())));
    }
}
