package dev.wgroam.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrefixRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "0.0.0.0/0",            // the default route
            "0.0.0.0/1", "128.0.0.0/1",
            "10.0.0.0/7",           // shorter than /8, though private space
            "0.0.0.0/8", "0.1.2.3/32",   // "this network"
            "127.0.0.0/8", "127.0.0.1/32", "127.53.0.0/16",
            "169.254.0.0/16",       // link-local
            "169.254.169.254/32",   // instance metadata
            "169.254.169.253/32",   // the Amazon DNS resolver's link-local address
            "169.254.169.123/32",   // Amazon Time Sync
            "169.0.0.0/8",          // contains link-local
            "224.0.0.0/4", "224.0.0.1/32", "239.255.255.250/32",   // multicast
            "240.0.0.0/4", "255.255.255.0/24",   // reserved
            "255.255.255.255/32",   // broadcast
            "224.0.0.0/3",
    })
    void refusal_namesWhyAPrefixIsNeverRouted(String text) {
        Cidr prefix = Cidr.parse(text);
        String reason = PrefixRules.refusal(prefix).orElseThrow();
        assertTrue(reason.contains(text), reason);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrefixRules.check(prefix));
        assertEquals(reason, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "10.0.0.0/8", "10.0.0.0/16", "10.50.0.7/32", "172.16.0.0/12", "172.31.0.0/16", "192.168.1.0/24",
            "100.64.0.0/10", "1.0.0.0/8", "126.0.0.0/8", "128.0.0.0/8", "169.253.0.0/16", "169.255.0.0/16",
            "168.0.0.0/8", "223.255.255.0/24", "203.0.113.7/32",
    })
    void refusal_whenRoutable_isEmptyAndCheckReturnsThePrefix(String text) {
        Cidr prefix = Cidr.parse(text);
        assertEquals(Optional.empty(), PrefixRules.refusal(prefix));
        assertSame(prefix, PrefixRules.check(prefix));
    }

    /** An independent model: the first octet and, for 169, the second decide. */
    @Property
    void refusal_agreesWithTheOctetModel(@ForAll int address, @ForAll @IntRange(min = 0, max = 32) int length) {
        Cidr prefix = new Cidr(length == 0 ? 0 : address & (-1 << (32 - length)), length);
        int first = prefix.address() >>> 24;
        int second = (prefix.address() >>> 16) & 0xff;
        boolean forbidden = length < 8 || first == 0 || first == 127 || first >= 224
                || (first == 169 && containsLinkLocal(second, length));
        assertEquals(forbidden, PrefixRules.refusal(prefix).isPresent(), prefix.toString());
    }

    @Test
    void aPrefixBesideLinkLocal_isAllowed() {
        assertTrue(PrefixRules.refusal(Cidr.parse("169.252.0.0/15")).isEmpty());
        assertTrue(PrefixRules.refusal(Cidr.parse("169.254.0.0/15")).isPresent());
    }

    /** Whether 169.{second}.0.0/{length} (length ≥ 8) overlaps 169.254.0.0/16. */
    private static boolean containsLinkLocal(int second, int length) {
        int shift = 16 - Math.min(length, 16);
        return second >>> shift == 254 >>> shift;
    }
}
