package dev.wgroam.text;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.function.Executable;

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

    /** Asserts that {@code parse} refuses its input with an IllegalArgumentException whose message is safe to print. */
    public static IllegalArgumentException assertRejectedPrintably(Executable parse) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse);
        assertNoControlCharacters(e.getMessage());
        return e;
    }

    /** Whether or not {@code parse} accepts its input: if it refuses, the message is safe to print and short. */
    public static void assertPrintableIfRejected(Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            assertNoControlCharacters(e.getMessage());
            assertTrue(e.getMessage().length() < 300, "message is bounded");
        }
    }
}
