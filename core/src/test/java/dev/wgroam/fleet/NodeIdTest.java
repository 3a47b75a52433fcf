package dev.wgroam.fleet;

import static dev.wgroam.text.PrintableAssertions.assertNoControlCharacters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.text.Hostile;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeId(value));
        assertNoControlCharacters(e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("hostileIds")
    void new_whenHostileOrOverlong_rejects(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeId(value));
        assertNoControlCharacters(e.getMessage());
    }

    static Stream<String> hostileIds() {
        return Stream.concat(Hostile.variantsOf("node-a").stream(),
                Stream.of("n".repeat(129), ARN.repeat(3), "x".repeat(1_000_000)));
    }

    @Property
    void new_whenRejected_messageHasNoRawControlCharacters(@ForAll("anyText") String value) {
        try {
            new NodeId(value);
        } catch (IllegalArgumentException e) {
            assertNoControlCharacters(e.getMessage());
            assertTrue(e.getMessage().length() < 300, "message is bounded");
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().withCharRange('\u0000', '\u00ff').withChars("\u2028\u2029\u202e")
                .ofMaxLength(300);
    }
}
