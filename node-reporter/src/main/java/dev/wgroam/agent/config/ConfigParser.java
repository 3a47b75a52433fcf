package dev.wgroam.agent.config;

import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.Region;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.Endpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the raw key/value map into an {@link AgentConfig}, collecting every problem before failing. */
public final class ConfigParser {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_./#:-]{1,255}");

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    private ConfigParser(Map<String, String> raw) {
        this.values = new HashMap<>(AgentConfig.DEFAULTS);
        this.values.putAll(raw);
    }

    public static AgentConfig parse(Map<String, String> raw) {
        return new ConfigParser(raw).build();
    }

    /**
     * One line for each key in {@code raw} the agent no longer reads, saying where the value comes
     * from now. A warning rather than a refusal: an upgraded node with an old file must keep forwarding.
     */
    public static List<String> retiredKeysIn(Map<String, String> raw) {
        return AgentConfig.RETIRED.entrySet().stream()
                .filter(retired -> raw.containsKey(retired.getKey()))
                .map(retired -> retired.getKey() + " is no longer read: " + retired.getValue())
                .sorted()
                .toList();
    }

    private AgentConfig build() {
        NodeId nodeId = value("node.id", NodeId::new);
        NodeName nodeName = value("node.name", NodeName::new);
        Region region = value("region", Region::new);
        String table = value("table", text -> matching(TABLE, text, "a DynamoDB table name"));
        InterfaceName clients = value("clients.interface", InterfaceName::new);
        InterfaceName backbone = value("backbone.interface", InterfaceName::new);
        Cidr backboneAddress = value("backbone.address", text -> NodeRecord.checkBackboneAddress(Cidr.parse(text)));
        Endpoint backboneEndpoint = value("backbone.endpoint", Endpoint::parse);
        Duration poll = value("poll.interval", ConfigParser::duration);
        Duration lease = value("lease", ConfigParser::duration);
        Duration reconcile = value("reconcile.interval", ConfigParser::duration);
        Duration heartbeat = value("heartbeat.interval", ConfigParser::duration);
        Duration skewMargin = value("skew.margin", ConfigParser::duration);
        Duration backboneMaxAge = value("health.backbone.max.age", ConfigParser::duration);
        Integer healthPort = value("health.port", ConfigParser::port);
        Path controlSocket = value("control.socket", Path::of);
        String namespace = value("metric.namespace", text -> matching(NAMESPACE, text, "a CloudWatch namespace"));
        URI dynamoDbEndpoint = value("dynamodb.endpoint", ConfigParser::optionalUri);
        URI cloudWatchEndpoint = value("cloudwatch.endpoint", ConfigParser::optionalUri);
        // An owner rewrites its observations once a lease; four leases to the table's TTL leave room for failed writes.
        if (lease != null && lease.compareTo(ObservationItem.LIFETIME.dividedBy(4)) > 0) {
            problems.add("lease must be at most " + ObservationItem.LIFETIME.dividedBy(4).toHours() + "h, a quarter of an"
                    + " observation's " + ObservationItem.LIFETIME.toHours() + "h lifetime in the table: " + lease);
        }
        if (clients != null && clients.equals(backbone)) {
            problems.add("clients.interface and backbone.interface must differ: " + clients);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AgentConfig(nodeId, nodeName, region, table, clients, backbone, backboneAddress, backboneEndpoint,
                poll, lease, reconcile, heartbeat, skewMargin, backboneMaxAge,
                healthPort, controlSocket, namespace, dynamoDbEndpoint, cloudWatchEndpoint);
    }

    private <T> T value(String key, Function<String, T> parser) {
        String text = values.get(key);
        if (text == null || (text.isBlank() && AgentConfig.REQUIRED.contains(key))) {
            problems.add(key + " is required (" + ConfigSource.environmentName(key) + ")");
            return null;
        }
        try {
            return parser.apply(text.trim());
        } catch (RuntimeException e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
    }

    /** Parses 500ms, 30s, 15m or 1h. */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration like 500ms, 30s, 15m or 1h: " + text);
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (duration.isZero()) {
            throw new IllegalArgumentException("a duration must be positive: " + text);
        }
        return duration;
    }

    private static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port number: " + text);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
        return port;
    }

    private static URI optionalUri(String text) {
        if (text.isBlank()) {
            return null;
        }
        URI uri = URI.create(text);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("not an http(s) endpoint: " + text);
        }
        return uri;
    }

    private static String matching(Pattern pattern, String text, String what) {
        if (!pattern.matcher(text).matches()) {
            throw new IllegalArgumentException("not " + what + ": " + Printable.quote(text));
        }
        return text;
    }
}
