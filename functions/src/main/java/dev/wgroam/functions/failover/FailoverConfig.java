package dev.wgroam.functions.failover;

import dev.wgroam.fleet.Region;
import dev.wgroam.routes.Cidr;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The failover function's configuration, from its environment (the template sets every one of {@link #VARIABLES}). */
public record FailoverConfig(Region region, String table, String endpointGroupArn, String fleet, Cidr clientCidr,
                             String metricNamespace, Duration holdDown, URI endpointOverride) {

    public static final List<String> VARIABLES = List.of("AWS_REGION", "TABLE_NAME", "ENDPOINT_GROUP_ARN", "FLEET",
            "CLIENT_CIDR", "METRIC_NAMESPACE", "HOLD_DOWN_SECONDS", "ENDPOINT_OVERRIDE");

    public static FailoverConfig from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Region region = parse(env, "AWS_REGION", null, Region::new, problems);
        String table = parse(env, "TABLE_NAME", "wg-roam", s -> s, problems);
        String group = parse(env, "ENDPOINT_GROUP_ARN", null, s -> {
            if (!s.startsWith("arn:aws:globalaccelerator::")) {
                throw new IllegalArgumentException("not a Global Accelerator endpoint group ARN");
            }
            return s;
        }, problems);
        String fleet = parse(env, "FLEET", "wg-roam", s -> s, problems);
        Cidr clients = parse(env, "CLIENT_CIDR", null, Cidr::parse, problems);
        String namespace = parse(env, "METRIC_NAMESPACE", "wg-roam", s -> s, problems);
        Duration holdDown = parse(env, "HOLD_DOWN_SECONDS", "300", s -> Duration.ofSeconds(Long.parseLong(s)), problems);
        URI override = parse(env, "ENDPOINT_OVERRIDE", "", s -> s.isEmpty() ? null : URI.create(s), problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("failover function configuration: " + String.join("; ", problems));
        }
        return new FailoverConfig(region, table, group, fleet, clients, namespace, holdDown, override);
    }

    private static <T> T parse(Map<String, String> env, String name, String fallback,
                               java.util.function.Function<String, T> parser, List<String> problems) {
        String value = env.getOrDefault(name, fallback);
        if (value == null) {
            problems.add(name + " is not set");
            return null;
        }
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            problems.add(name + ": " + e.getMessage());
            return null;
        }
    }
}
