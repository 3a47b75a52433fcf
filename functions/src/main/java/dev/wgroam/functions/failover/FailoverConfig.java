package dev.wgroam.functions.failover;

import dev.wgroam.fleet.Region;
import dev.wgroam.functions.config.Environment;
import dev.wgroam.routes.Cidr;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The failover function's configuration, from its environment (the template sets every one of {@link #VARIABLES}). */
public record FailoverConfig(Region region, String table, String endpointGroupArn, String fleet, Cidr clientCidr,
                             String metricNamespace, Duration holdDown, URI endpointOverride) {

    public static final List<String> VARIABLES = List.of("AWS_REGION", "TABLE_NAME", "ENDPOINT_GROUP_ARN", "FLEET",
            "CLIENT_CIDR", "METRIC_NAMESPACE", "HOLD_DOWN_SECONDS", "ENDPOINT_OVERRIDE");

    public static FailoverConfig from(Environment env) {
        FailoverConfig config = new FailoverConfig(
                env.get("AWS_REGION", null, Region::new),
                env.name("TABLE_NAME", "wg-roam"),
                env.get("ENDPOINT_GROUP_ARN", null, s -> {
                    if (!s.startsWith("arn:aws:globalaccelerator::")) {
                        throw new IllegalArgumentException("not a Global Accelerator endpoint group ARN");
                    }
                    return s;
                }),
                env.name("FLEET", "wg-roam"),
                env.get("CLIENT_CIDR", null, Cidr::parse),
                env.name("METRIC_NAMESPACE", "wg-roam"),
                Duration.ofSeconds(env.number("HOLD_DOWN_SECONDS", 300, 0, 86_400)),
                env.uri("ENDPOINT_OVERRIDE"));
        env.check("failover function");
        return config;
    }

    /** The values to log once at start-up (none is secret). */
    public Map<String, Object> effective() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("table", table);
        values.put("endpointGroup", endpointGroupArn);
        values.put("fleet", fleet);
        values.put("clientCidr", String.valueOf(clientCidr));
        values.put("holdDownSeconds", holdDown.toSeconds());
        return values;
    }
}
