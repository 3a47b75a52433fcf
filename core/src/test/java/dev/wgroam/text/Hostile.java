package dev.wgroam.text;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.arbitraries.StringArbitrary;

/**
 * Hostile spellings of a valid value, for the value types' rejection tables: shell
 * metacharacters, whitespace, line breaks, NUL and other control characters, put before, after,
 * inside and in place of a character of the value.
 */
public final class Hostile {

    /** Every character here is outside the alphabet of every value type in core. */
    public static final List<String> CHARACTERS = List.of(
            ";", "|", "&", "$", "(", ")", "`", "'", "\"", "\\", "<", ">", "*", "?", "!", "#", "~", "{", "}", "[", "]",
            " ", "\t", "\n", "\r", "\0", "\u0001", "\u001b", "\u007f", "\u0085", "\u00a0", "\u2028", "\u202e", "\ufeff");

    private static final List<String> PAYLOADS = List.of(
            "$(reboot)", "`reboot`", "; reboot", "&& reboot", "| sh", "\n--help", "${IFS}");

    private Hostile() {
    }

    /**
     * Any text up to {@code maxLength}: Latin-1 with its control characters, the line and paragraph
     * separators and a right-to-left override, for properties about what a rejection says.
     */
    public static StringArbitrary anyText(int maxLength) {
        return Arbitraries.strings().withCharRange('\u0000', '\u00ff').withChars("\u2028\u2029\u202e")
                .ofMaxLength(maxLength);
    }

    /** The hostile variants of {@code valid}, none of which any core value type may accept. */
    public static List<String> variantsOf(String valid) {
        List<String> out = new ArrayList<>();
        int middle = valid.length() / 2;
        for (String c : CHARACTERS) {
            out.add(c + valid);
            out.add(valid + c);
            out.add(valid.substring(0, middle) + c + valid.substring(middle));
            out.add(valid.substring(0, middle) + c + valid.substring(middle + 1));
        }
        for (String payload : PAYLOADS) {
            out.add(valid + payload);
            out.add(payload + valid);
        }
        return out;
    }
}
