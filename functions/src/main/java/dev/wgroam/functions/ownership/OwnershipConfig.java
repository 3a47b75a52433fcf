package dev.wgroam.functions.ownership;

import dev.wgroam.ownership.ClientOwnership;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ownership function's configuration, from its environment variables (the template sets every
 * one in {@link #VARIABLES}); validated when built, every problem named at once.
 */
public record OwnershipConfig(String region, String table, String commandDocument, String fleetTagKey,
                              String fleetTagValue, String metricNamespace, Duration skewMargin, int maxPayloadChars,
                              int commandTimeoutSeconds, URI dynamoDbEndpoint, URI ssmEndpoint) {

    /** Every variable read, for the template check. */
    public static final List<String> VARIABLES = List.of("AWS_REGION", "TABLE_NAME", "COMMAND_DOCUMENT",
            "FLEET_TAG_KEY", "FLEET_TAG_VALUE", "METRIC_NAMESPACE", "SKEW_MARGIN_SECONDS", "MAX_PAYLOAD_CHARS",
            "COMMAND_TIMEOUT_SECONDS", "DYNAMODB_ENDPOINT", "SSM_ENDPOINT");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,255}");

    public static OwnershipConfig from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Reader r = new Reader(env, problems);
        OwnershipConfig config = new OwnershipConfig(
                r.name("AWS_REGION", null),
                r.name("TABLE_NAME", "wg-roam"),
                r.name("COMMAND_DOCUMENT", null),
                r.name("FLEET_TAG_KEY", "wg-roam:fleet"),
                r.name("FLEET_TAG_VALUE", null),
                r.name("METRIC_NAMESPACE", "wg-roam"),
                Duration.ofSeconds(r.number("SKEW_MARGIN_SECONDS", (int) ClientOwnership.DEFAULT_SKEW_MARGIN.toSeconds(), 0, 300)),
                r.number("MAX_PAYLOAD_CHARS", dev.wgroam.routes.RouteUpdate.DEFAULT_MAX_CHARS, 1_000, 60_000),
                r.number("COMMAND_TIMEOUT_SECONDS", 60, 30, 2_592_000),
                r.uri("DYNAMODB_ENDPOINT"),
                r.uri("SSM_ENDPOINT"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("ownership function configuration: " + String.join("; ", problems));
        }
        return config;
    }

    /** Reads one variable at a time, noting problems instead of stopping at the first. */
    private record Reader(Map<String, String> env, List<String> problems) {
        String name(String variable, String fallback) {
            String value = env.getOrDefault(variable, fallback);
            if (value == null || !NAME.matcher(value).matches()) {
                problems.add(variable + (value == null ? " is not set" : " is not a valid name: " + value));
            }
            return value;
        }

        int number(String variable, int fallback, int min, int max) {
            String value = env.get(variable);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(variable + " must be a whole number from " + min + " to " + max + ": " + value);
            return fallback;
        }

        URI uri(String variable) {
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                return null;
            }
            if (!value.startsWith("http://") && !value.startsWith("https://")) {
                problems.add(variable + " must be an http(s) URL: " + value);
                return null;
            }
            return URI.create(value);
        }
    }
}
