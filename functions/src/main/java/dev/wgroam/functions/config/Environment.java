package dev.wgroam.functions.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one reader of a function's environment variables (tests pass a map). Each read either returns
 * the value or notes a problem and returns the fallback, so {@link #check} names every problem at
 * once; {@link #read} lists what was asked for, which the template must set.
 */
public final class Environment {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,255}");

    private final Map<String, String> variables;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> read = new LinkedHashSet<>();

    private Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Environment of(Map<String, String> variables) {
        return new Environment(variables);
    }

    /**
     * The variable, else {@code fallback}, through {@code parser}; null, and a problem noted, when
     * neither is set or the parser throws (its message says what is wrong).
     */
    public <T> T get(String variable, String fallback, Function<String, T> parser) {
        read.add(variable);
        String value = variables.getOrDefault(variable, fallback);
        if (value == null) {
            problems.add(variable + " is not set");
            return null;
        }
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            problems.add(variable + ": " + e.getMessage());
            return null;
        }
    }

    /** A name (1-255 of letters, digits and {@code _.:/-}): a table, a document, a tag, a namespace. */
    public String name(String variable, String fallback) {
        return get(variable, fallback, value -> {
            if (!NAME.matcher(value).matches()) {
                throw new IllegalArgumentException("not a valid name: " + value);
            }
            return value;
        });
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when unset. */
    public int number(String variable, int fallback, int min, int max) {
        Integer n = get(variable, String.valueOf(fallback), value -> {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // the same message as out of range
            }
            throw new IllegalArgumentException("must be a whole number from " + min + " to " + max + ": " + value);
        });
        return n == null ? fallback : n;
    }

    /** An http(s) endpoint; null when unset or empty (the SDK's own endpoint). */
    public URI uri(String variable) {
        return get(variable, "", value -> {
            if (value.isBlank()) {
                return null;
            }
            if (!value.startsWith("http://") && !value.startsWith("https://")) {
                throw new IllegalArgumentException("must be an http(s) URL: " + value);
            }
            return URI.create(value);
        });
    }

    /** Every variable asked for so far, in order. */
    public Set<String> read() {
        return Set.copyOf(read);
    }

    /** @throws IllegalStateException naming every problem noted, for {@code what} ("failover function") */
    public void check(String what) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException(what + " configuration: " + String.join("; ", problems));
        }
    }
}
