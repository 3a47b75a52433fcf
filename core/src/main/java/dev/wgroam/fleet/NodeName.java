package dev.wgroam.fleet;

import dev.wgroam.text.Printable;
import java.util.regex.Pattern;

/** The human name of a node ({@code vpn-eu-west-1a}), shown beside its id wherever people look. */
public record NodeName(String value) {

    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public NodeName {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "not a node name (letters, digits and . _ -, at most 63): " + Printable.quote(value));
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
