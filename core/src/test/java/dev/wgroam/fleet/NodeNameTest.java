package dev.wgroam.fleet;

import static dev.wgroam.text.PrintableAssertions.assertPrintableIfRejected;
import static dev.wgroam.text.PrintableAssertions.assertRejectedPrintably;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.text.Hostile;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"vpn-eu-west-1a", "a", "0", "vpn_1.example", "VPN-A"})
    void new_whenLettersDigitsDotUnderscoreDash_accepts(String value) {
        assertEquals(value, new NodeName(value).toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63})
    void new_whenAtMost63Characters_accepts(int length) {
        assertEquals(length, new NodeName("v" + "x".repeat(length - 1)).value().length());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "-vpn", ".vpn", "_vpn", "vpn/a", "vpn:a", "vpn a", "vpn\n", "vpn\u0000", "v\u00e9pn",
            "vpn;reboot", "$(reboot)", "`id`", "vpn|sh", "vpn&", "vpn'", "vpn\"",
    })
    void new_whenNotANodeName_rejects(String value) {
        assertRejectedPrintably(() -> new NodeName(value));
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void new_whenHostileOrOverlong_rejects(String value) {
        assertRejectedPrintably(() -> new NodeName(value));
    }

    static Stream<String> hostileNames() {
        return Stream.concat(Hostile.variantsOf("vpn-eu-west-1a").stream(),
                Stream.of("v".repeat(64), "vpn-eu-west-1a".repeat(100)));
    }

    @Property
    void new_whenRejected_messageHasNoRawControlCharacters(@ForAll("anyText") String value) {
        assertPrintableIfRejected(() -> new NodeName(value));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Hostile.anyText(300);
    }
}
