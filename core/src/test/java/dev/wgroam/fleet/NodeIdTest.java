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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {

    private static final String ARN = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc123def4567890";

    @ParameterizedTest
    @CsvSource({
            "node-a, node-a",
            "N0, N0",
            "9, 9",
            ARN + ", i-0abc123def4567890",
            "a.b_c:d/e-f, e-f",
    })
    void new_whenLettersDigitsAndArnPunctuation_acceptsWithShortForm(String value, String shortForm) {
        NodeId id = new NodeId(value);
        assertEquals(value, id.toString());
        assertEquals(shortForm, id.shortForm());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64, 128})
    void new_whenAtMost128Characters_accepts(int length) {
        assertEquals(length, new NodeId("n" + "x".repeat(length - 1)).value().length());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "-node", ".node", "/node", ":node", "_node",
            "node a", "node\ta", "node\n", "node\r\n", "node\u0000", "node\u007f", "n\u00f6de",
            "node;reboot", "node|sh", "node&", "$(reboot)", "`reboot`", "node'", "node\"", "node\\",
            "node#a", "node=a", "node,a",
    })
    void new_whenNotANodeId_rejects(String value) {
        assertRejectedPrintably(() -> new NodeId(value));
    }

    @ParameterizedTest
    @MethodSource("hostileIds")
    void new_whenHostileOrOverlong_rejects(String value) {
        assertRejectedPrintably(() -> new NodeId(value));
    }

    static Stream<String> hostileIds() {
        return Stream.concat(Hostile.variantsOf("node-a").stream(),
                Stream.of("n".repeat(129), ARN.repeat(3), "x".repeat(1_000_000)));
    }

    @Property
    void new_whenRejected_messageHasNoRawControlCharacters(@ForAll("anyText") String value) {
        assertPrintableIfRejected(() -> new NodeId(value));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Hostile.anyText(300);
    }
}
