package dev.wgroam.functions.ownership;

import dev.wgroam.functions.config.Environment;
import dev.wgroam.ownership.ClientOwnership;
import dev.wgroam.routes.RouteUpdate;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The ownership function's configuration, from its environment variables (the template sets every
 * one in {@link #VARIABLES}), read through the one {@link Environment} reader.
 */
public record OwnershipConfig(String region, String table, String commandDocument, String fleetTagKey,
                              String fleetTagValue, String metricNamespace, Duration skewMargin, int maxPayloadChars,
                              int commandTimeoutSeconds, URI dynamoDbEndpoint, URI ssmEndpoint) {

    /** Every variable read, for the template check. */
    public static final List<String> VARIABLES = List.of("AWS_REGION", "TABLE_NAME", "COMMAND_DOCUMENT",
            "FLEET_TAG_KEY", "FLEET_TAG_VALUE", "METRIC_NAMESPACE", "SKEW_MARGIN_SECONDS", "MAX_PAYLOAD_CHARS",
            "COMMAND_TIMEOUT_SECONDS", "DYNAMODB_ENDPOINT", "SSM_ENDPOINT");

    public static OwnershipConfig from(Environment env) {
        OwnershipConfig config = new OwnershipConfig(
                env.name("AWS_REGION", null),
                env.name("TABLE_NAME", "wg-roam"),
                env.name("COMMAND_DOCUMENT", null),
                env.name("FLEET_TAG_KEY", "wg-roam:fleet"),
                env.name("FLEET_TAG_VALUE", null),
                env.name("METRIC_NAMESPACE", "wg-roam"),
                Duration.ofSeconds(env.number("SKEW_MARGIN_SECONDS", (int) ClientOwnership.DEFAULT_SKEW_MARGIN.toSeconds(), 0, 300)),
                env.number("MAX_PAYLOAD_CHARS", RouteUpdate.DEFAULT_MAX_CHARS, 1_000, 60_000),
                env.number("COMMAND_TIMEOUT_SECONDS", 60, 30, 2_592_000),
                env.uri("DYNAMODB_ENDPOINT"),
                env.uri("SSM_ENDPOINT"));
        env.check("ownership function");
        return config;
    }
}
