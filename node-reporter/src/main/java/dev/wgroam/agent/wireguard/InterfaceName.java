package dev.wgroam.agent.wireguard;

import dev.wgroam.text.Printable;

import java.util.regex.Pattern;

/**
 * A Linux network interface name as the agent accepts it: 1-15 characters of
 * {@code [A-Za-z0-9_.-]} (the kernel's limit is 15 plus a NUL). Stricter than the kernel on purpose:
 * the name becomes an argument to {@code wg} and {@code ip}, so it may not start with {@code -}
 * (it would read as an option) and may not be {@code .} or {@code ..} (the kernel refuses them).
 */
public record InterfaceName(String value) {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,14}");

    public InterfaceName {
        if (value == null || !ALLOWED.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("not an interface name (1-15 characters of A-Z a-z 0-9 _ . -,"
                    + " not starting with '-', not '.' or '..'): " + Printable.quote(value));
        }
    }

    public static InterfaceName of(String value) {
        return new InterfaceName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
