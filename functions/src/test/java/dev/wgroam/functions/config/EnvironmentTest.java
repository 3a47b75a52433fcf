package dev.wgroam.functions.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.functions.failover.FailoverConfig;
import dev.wgroam.functions.ownership.OwnershipConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one environment reader, and both functions' configs built from it. */
class EnvironmentTest {

    static final Map<String, String> FAILOVER = Map.of("AWS_REGION", "eu-west-1",
            "ENDPOINT_GROUP_ARN", "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/l/endpoint-group/g",
            "CLIENT_CIDR", "10.50.0.0/16", "ENDPOINT_OVERRIDE", "");
    static final Map<String, String> OWNERSHIP = Map.of("AWS_REGION", "eu-west-1", "COMMAND_DOCUMENT", "wg-roam-apply-routes",
            "FLEET_TAG_VALUE", "wg-roam");

    @Test
    void eachConfig_readsExactlyTheVariablesItDeclares() {
        Environment failover = Environment.of(FAILOVER);
        FailoverConfig.from(failover);
        Environment ownership = Environment.of(OWNERSHIP);
        OwnershipConfig.from(ownership);

        assertEquals(Set.copyOf(FailoverConfig.VARIABLES), failover.read());
        assertEquals(Set.copyOf(OwnershipConfig.VARIABLES), ownership.read());
    }

    @Test
    void defaults_fillWhatTheTemplateLeavesOut() {
        FailoverConfig failover = FailoverConfig.from(Environment.of(FAILOVER));
        OwnershipConfig ownership = OwnershipConfig.from(Environment.of(OWNERSHIP));

        assertEquals("wg-roam", failover.table());
        assertEquals(Duration.ofMinutes(5), failover.holdDown());
        assertNull(failover.endpointOverride());
        assertEquals(60, ownership.commandTimeoutSeconds());
        assertNull(ownership.ssmEndpoint());
    }

    @Test
    void everyProblem_isNamedAtOnce() {
        Map<String, String> bad = new HashMap<>(FAILOVER);
        bad.remove("AWS_REGION");
        bad.put("CLIENT_CIDR", "10.50.0.0/33");
        bad.put("HOLD_DOWN_SECONDS", "soon");
        bad.put("ENDPOINT_OVERRIDE", "ftp://example.com");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FailoverConfig.from(Environment.of(bad)));

        for (String variable : new String[] {"AWS_REGION is not set", "CLIENT_CIDR", "HOLD_DOWN_SECONDS", "ENDPOINT_OVERRIDE"}) {
            assertTrue(e.getMessage().contains(variable), e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("failover function configuration: "), e.getMessage());
    }

    @Test
    void endpointsAreHttpUrls() {
        Map<String, String> env = new HashMap<>(OWNERSHIP);
        env.put("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000");

        assertEquals(URI.create("http://127.0.0.1:8000"), OwnershipConfig.from(Environment.of(env)).dynamoDbEndpoint());
    }
}
