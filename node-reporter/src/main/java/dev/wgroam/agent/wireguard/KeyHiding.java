package dev.wgroam.agent.wireguard;

import dev.wgroam.text.Printable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quotes a field of a dump for an error message with anything that could be key material hidden.
 * Keys are base64, so every run of 8 or more base64 characters that is not just digits is replaced
 * by {@code <hidden>}. This holds even when a corrupt line moved a private or preshared key into
 * another field, which is why messages never rely on a field's position to decide what is secret.
 * Numbers, addresses, ports and words like {@code (none)} stay readable.
 */
final class KeyHiding {

    /** The shortest run hidden; tests check that no 8 consecutive characters of a key ever show. */
    static final int SHORTEST_HIDDEN_RUN = 8;

    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/=]{" + SHORTEST_HIDDEN_RUN + ",}");

    private KeyHiding() {
    }

    static String quote(String field) {
        Matcher run = BASE64_RUN.matcher(field);
        StringBuilder shown = new StringBuilder();
        while (run.find()) {
            boolean justDigits = run.group().chars().allMatch(c -> c >= '0' && c <= '9');
            run.appendReplacement(shown, justDigits ? run.group() : "<hidden>");
        }
        run.appendTail(shown);
        return Printable.quote(shown.toString());
    }
}
