package dev.wgroam.registry;

import dev.wgroam.text.Printable;
import java.util.regex.Pattern;

/** The operator's name for a client ({@code callserver-7}), unique in the fleet. */
public record ClientName(String value) {

    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public ClientName {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "not a client name (letters, digits and . _ -, at most 63): " + Printable.quote(value));
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
