package dev.wgroam.text;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/** Checks that text meant for an error message or a log line is safe to print. */
public final class PrintableAssertions {

    private PrintableAssertions() {
    }

    /** Fails if {@code message} holds a raw control character (C0, DEL or C1). */
    public static void assertNoControlCharacters(String message) {
        assertNotNull(message, "an error message");
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (Character.isISOControl(c)) {
                fail(String.format("raw control character U+%04X at %d in message: %s",
                        (int) c, i, message.replaceAll("\\p{Cntrl}", "?")));
            }
        }
    }
}
