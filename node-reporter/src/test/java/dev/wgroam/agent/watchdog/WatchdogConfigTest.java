package dev.wgroam.agent.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.routes.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WatchdogConfigTest {

    static final String KEY = WatchdogTest.ACCELERATOR.base64();
    static final Map<String, String> PEER_ONLY = Map.of("WGROAM_WATCHDOG_PEER", KEY);

    @Test
    void withoutProbe_judgesByHandshakes_withTheLongDefaults() {
        WatchdogConfig config = WatchdogConfig.parse(List.of(), PEER_ONLY);

        assertEquals("wg0", config.iface().value());
        assertEquals(WatchdogTest.ACCELERATOR, config.accelerator());
        assertNull(config.probe());
        assertEquals(Duration.ofSeconds(150), config.deadAfter());
        assertEquals(Duration.ofSeconds(5), config.interval());
    }

    @Test
    void withProbe_defaultsToThreeSecondsDead_andAOneSecondInterval() {
        WatchdogConfig config = WatchdogConfig.parse(List.of("--probe", "10.50.0.1"), PEER_ONLY);

        assertEquals(Cidr.host("10.50.0.1"), config.probe());
        assertEquals(Duration.ofSeconds(3), config.deadAfter());
        assertEquals(Duration.ofSeconds(1), config.interval());
        assertEquals("interface wg0, peer BwcHBwcH…, probe 10.50.0.1, dead after 3 s, a check every 1 s", config.describe());
    }

    @Test
    void options_overrideTheEnvironment_whichOverridesTheDefaults() {
        WatchdogConfig config = WatchdogConfig.parse(List.of("--dead-after", "5s", "--interface", "vpn0"), Map.of(
                "WGROAM_WATCHDOG_PEER", KEY, "WGROAM_WATCHDOG_PROBE", "10.50.0.1", "WGROAM_WATCHDOG_DEAD_AFTER", "9s",
                "WGROAM_WATCHDOG_INTERVAL", "500ms", "WGROAM_WATCHDOG_INTERFACE", "wg1"));

        assertEquals("vpn0", config.iface().value());
        assertEquals(Cidr.host("10.50.0.1"), config.probe());
        assertEquals(Duration.ofSeconds(5), config.deadAfter());
        assertEquals(Duration.ofMillis(500), config.interval());
    }

    @Test
    void anEmptyProbeVariable_meansNoProbe() {
        WatchdogConfig config = WatchdogConfig.parse(List.of(), Map.of("WGROAM_WATCHDOG_PEER", KEY, "WGROAM_WATCHDOG_PROBE", ""));

        assertNull(config.probe());
        assertEquals(Duration.ofSeconds(150), config.deadAfter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway.example", "10.50.0", "10.50.0.1/32", "010.50.0.1", "10.50.0.256", "-I lo 10.50.0.1",
            "10.50.0.1; reboot", "::1", "0x0a320001", ""})
    void aProbeThatIsNotAnIpv4Literal_isRefused_sayingWhatIsExpected(String probe) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WatchdogConfig.parse(List.of("--probe", probe), PEER_ONLY));

        assertTrue(e.getMessage().contains("--probe: not an IPv4 address like 10.50.0.1"), e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce_withTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WatchdogConfig.parse(
                List.of("--probe", "vpn.example", "--interval", "soon", "--verbose", "--dead-after"), Map.of()));

        assertTrue(e.getMessage().contains("--probe: not an IPv4 address"), e.getMessage());
        assertTrue(e.getMessage().contains("--interval: not a duration"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown argument '--verbose'"), e.getMessage());
        assertTrue(e.getMessage().contains("--dead-after needs a value"), e.getMessage());
        assertTrue(e.getMessage().contains("--peer is required (or WGROAM_WATCHDOG_PEER)"), e.getMessage());
        assertTrue(e.getMessage().contains(WatchdogConfig.USAGE), e.getMessage());
    }

    @Test
    void anOptionGivenTwice_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WatchdogConfig.parse(List.of("--probe", "10.50.0.1", "--probe", "10.50.0.2"), PEER_ONLY));

        assertTrue(e.getMessage().contains("--probe is given twice"), e.getMessage());
    }

    @Test
    void deadAfterShorterThanTheInterval_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WatchdogConfig.parse(List.of("--probe", "10.50.0.1", "--dead-after", "500ms"), PEER_ONLY));

        assertTrue(e.getMessage().contains("--dead-after (500 ms) is shorter than --interval (1 s)"), e.getMessage());
    }
}
