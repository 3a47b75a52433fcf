package dev.wgroam.agent.wireguard;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InterfaceNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"clients", "backbone", "wg0", "a", "eth0.100", "wg_roam-1", "abcdefghijklmno"})
    void linuxInterfaceNames_areAccepted(String name) {
        assertEquals(name, InterfaceName.of(name).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abcdefghijklmnop", "-clients", ".", "..", "wg 0", "wg/0", "wg:0", "wg0;id",
            "$(id)", "wg\n0", "wg\t0", "wgé"})
    void namesThatAreNotSafeArguments_areRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> InterfaceName.of(name));
    }
}
