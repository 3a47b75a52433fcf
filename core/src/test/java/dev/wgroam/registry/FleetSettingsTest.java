package dev.wgroam.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.routes.Cidr;
import dev.wgroam.text.Hostile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FleetSettingsTest {

    private static FleetSettings settings(String clientCidr, String backboneRange, String accelerator) {
        return new FleetSettings(Cidr.parse(clientCidr), Cidr.parse(backboneRange), accelerator);
    }

    @Test
    void settings_keepWhatTheOperatorSet() {
        FleetSettings f = settings("10.50.0.0/16", "10.99.0.0/24", "a1234567890abcdef.awsglobalaccelerator.com");
        assertEquals(Cidr.parse("10.50.0.0/16"), f.clientCidr());
        assertEquals(Cidr.parse("10.99.0.0/24"), f.backboneRange());
        assertEquals("a1234567890abcdef.awsglobalaccelerator.com", f.acceleratorAddress());
    }

    @ParameterizedTest
    @CsvSource({
            "10.50.0.0/16, 10.50.0.0/16",
            "10.50.0.0/16, 10.50.255.0/24",
            "10.50.0.0/24, 10.0.0.0/8",
    })
    void overlappingClientCidrAndBackboneRange_areRefused(String clientCidr, String backboneRange) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(clientCidr, backboneRange, "75.2.60.5"));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "10.0.0.0/7", "169.254.0.0/16", "127.0.0.0/8", "224.0.0.0/4"})
    void clientCidrOrBackboneRange_thatIsNeverRouted_isRefused(String forbidden) {
        assertThrows(IllegalArgumentException.class, () -> settings(forbidden, "10.99.0.0/24", "75.2.60.5"));
        assertThrows(IllegalArgumentException.class, () -> settings("10.50.0.0/16", forbidden, "75.2.60.5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"75.2.60.5", "a1234567890abcdef.awsglobalaccelerator.com", "vpn.example.com", "localhost"})
    void acceleratorAddress_ipOrDnsName_isAccepted(String address) {
        assertEquals(address, FleetSettings.checkAcceleratorAddress(address));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"75.2.60.5:51820", "-vpn.example.com", ".example.com", "vpn example.com", "[2001:db8::1]"})
    void acceleratorAddress_otherwise_isRefused(String address) {
        assertThrows(IllegalArgumentException.class, () -> FleetSettings.checkAcceleratorAddress(address));
        assertThrows(IllegalArgumentException.class, () -> settings("10.50.0.0/16", "10.99.0.0/24", address));
    }

    static Stream<String> hostileAddresses() {
        return Hostile.variantsOf("vpn.example.com").stream();
    }

    @ParameterizedTest
    @MethodSource("hostileAddresses")
    void acceleratorAddress_hostileSpellings_areRefused(String address) {
        assertThrows(IllegalArgumentException.class, () -> FleetSettings.checkAcceleratorAddress(address));
    }

    @Test
    void missingRanges_areRefused() {
        assertThrows(NullPointerException.class, () -> new FleetSettings(null, Cidr.parse("10.99.0.0/24"), "75.2.60.5"));
        assertThrows(NullPointerException.class, () -> new FleetSettings(Cidr.parse("10.50.0.0/16"), null, "75.2.60.5"));
    }
}
