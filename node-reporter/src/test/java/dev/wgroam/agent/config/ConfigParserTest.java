package dev.wgroam.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.routes.Cidr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

    static Map<String, String> minimal() {
        return new HashMap<>(Map.of(
                "node.id", "node-a",
                "node.name", "vpn-a",
                "region", "eu-west-1",
                "backbone.address", "10.99.0.1/32",
                "backbone.endpoint", "203.0.113.10:51821"));
    }

    @Test
    void parse_whenOnlyRequiredKeysGiven_usesDocumentedDefaults() {
        AgentConfig config = ConfigParser.parse(minimal());

        assertEquals("clients", config.clientsInterface().value());
        assertEquals("backbone", config.backboneInterface().value());
        assertEquals(Duration.ofSeconds(1), config.pollInterval());
        assertEquals(Duration.ofMinutes(15), config.lease());
        assertEquals(Duration.ofSeconds(30), config.reconcileInterval());
        assertEquals(Duration.ofSeconds(60), config.heartbeatInterval());
        assertEquals(51819, config.healthPort());
        assertNull(config.dynamoDbEndpoint());
    }

    @Test
    void parse_whenRequiredKeysMissing_namesEveryOneWithItsEnvironmentVariable() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(Map.of()));

        for (String key : AgentConfig.REQUIRED) {
            assertTrue(e.getMessage().contains(key + " is required (" + ConfigSource.environmentName(key) + ")"),
                    e.getMessage());
        }
    }

    @Test
    void parse_whenValuesHostile_rejectsEachWithItsKey() {
        Map<String, String> raw = minimal();
        raw.put("clients.interface", "clients;reboot");
        raw.put("backbone.interface", "a-name-longer-than-15");
        raw.put("backbone.address", "10.99.0.0/24");
        raw.put("poll.interval", "-1s");
        raw.put("health.port", "70000");
        raw.put("dynamodb.endpoint", "file:///etc/passwd");

        String message = assertThrows(ConfigException.class, () -> ConfigParser.parse(raw)).getMessage();

        for (String key : List.of("clients.interface", "backbone.interface", "backbone.address", "poll.interval",
                "health.port", "dynamodb.endpoint")) {
            assertTrue(message.contains(key + ":"), key + " not reported in: " + message);
        }
    }

    @Test
    void parse_leaseLongerThanAQuarterOfTheObservationLifetime_isRefused_soAnOwnersObservationNeverExpires() {
        Map<String, String> raw = minimal();
        raw.put("lease", "6h");
        ConfigParser.parse(raw);
        raw.put("lease", "7h");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(raw));

        assertTrue(e.getMessage().contains("lease must be at most 6h"), e.getMessage());
    }

    @Test
    void parse_whenSameInterfaceForClientsAndBackbone_refuses() {
        Map<String, String> raw = minimal();
        raw.put("backbone.interface", "clients");

        assertThrows(ConfigException.class, () -> ConfigParser.parse(raw));
    }

    @Test
    void load_environmentOverridesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, "node.name = from-file\nhealth.port = 51900\nlease = 10m\n");
        Map<String, String> env = Map.of("WGROAM_LEASE", "20m", "WGROAM_NODE_ID", "node-z", "UNRELATED", "x");

        Map<String, String> raw = ConfigSource.load(file, env);

        assertEquals("from-file", raw.get("node.name"));
        assertEquals("20m", raw.get("lease"));
        assertEquals("node-z", raw.get("node.id"));
        assertEquals("51900", raw.get("health.port"));
        assertTrue(!raw.containsKey("UNRELATED"));
    }

    @Test
    void load_whenFileMissing_usesEnvironmentOnly(@TempDir Path dir) {
        Map<String, String> raw = ConfigSource.load(dir.resolve("absent.properties"), Map.of("WGROAM_REGION", "us-east-1"));

        assertEquals(Map.of("region", "us-east-1"), raw);
    }

    @Test
    void parse_readsDurationsAndTheBackboneAddress() {
        Map<String, String> raw = minimal();
        raw.put("reconcile.interval", "500ms");

        AgentConfig config = ConfigParser.parse(raw);

        assertEquals(Cidr.parse("10.99.0.1/32"), config.backboneAddress());
        assertEquals(Duration.ofMillis(500), config.reconcileInterval());
    }

    @Test
    void parse_whatTheApprovalSaysIsNotConfig_andOldKeysAreNamedAsRetired() {
        Map<String, String> raw = minimal();
        raw.put("vpc.prefixes", "0.0.0.0/0");
        raw.put("vpc.primary", "true");
        raw.put("ga.endpoint.id", "i-0000000000000000f");

        AgentConfig config = ConfigParser.parse(raw);

        assertTrue(!config.summary().contains("0.0.0.0/0"), "a configured VPC is not believed, not even by this node");
        List<String> retired = ConfigParser.retiredKeysIn(raw);
        assertEquals(3, retired.size(), retired.toString());
        assertTrue(retired.get(0).startsWith("ga.endpoint.id is no longer read: "), retired.toString());
        assertTrue(retired.get(1).contains("wg-roam node approve --vpc"), retired.toString());
        assertEquals(List.of(), ConfigParser.retiredKeysIn(minimal()));
    }
}
