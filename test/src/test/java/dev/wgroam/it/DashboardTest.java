package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeMetrics;
import dev.wgroam.functions.failover.FailoverFunction;
import dev.wgroam.functions.ownership.OwnershipFunction;
import dev.wgroam.functions.telemetry.Telemetry;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The home stack's dashboard against the code: its body is JSON once CloudFormation has substituted
 * it, every metric it shows in wg-roam's namespace is one the code emits with the dimensions the code
 * gives it, and each node region has its row.
 */
class DashboardTest {

    /** Not the default, so a widget that names the namespace instead of the parameter shows up. */
    static final String NAMESPACE = "wg-roam-dashboard-test";
    static final String HOME = "eu-west-1";
    static final List<String> REPLICAS = List.of("us-east-1", "ap-southeast-2", "sa-east-1", "eu-central-1");

    static final List<String> FUNCTION = List.of(Telemetry.FUNCTION_DIMENSION);
    static final List<String> NODE = List.of(NodeMetrics.NODE_DIMENSION);
    /** Stands for the namespace of every node, {@code <namespace>/node/<node id>} ({@link NodeMetrics#namespace}). */
    static final String NODE_NAMESPACES = NodeMetrics.namespace(NAMESPACE, new NodeId("any-node"))
            .replace("any-node", "*");
    /**
     * The metrics each function emits: the metric-name constants of its class, which keeps them in
     * one place ({@link #metricNames_liveInTheFunctionClassesOnly} checks that no other class of the
     * functions declares one, so none escapes the dashboard checks).
     */
    static final Set<String> OWNERSHIP_METRICS = metricNames(OwnershipFunction.class);
    static final Set<String> FAILOVER_METRICS = metricNames(FailoverFunction.class);
    /** What a metric name looks like (CamelCase, as CloudWatch shows it); other text constants are not. */
    static final Pattern METRIC_NAME = Pattern.compile("[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+|[A-Z][a-z]{3,}");
    /** What every agent emits in its own namespace: NodeMetrics' names and the heartbeat's own counters. */
    static final Set<String> NODE_METRICS = metricNames(NodeMetrics.class);
    /** Every metric the code publishes, by namespace, with its dimension names. */
    static final Map<String, Map<String, List<String>>> EMITTED = Map.of(
            NAMESPACE, union(OWNERSHIP_METRICS, FAILOVER_METRICS).stream()
                    .collect(Collectors.toMap(name -> name, name -> FUNCTION)),
            NODE_NAMESPACES, NODE_METRICS.stream().collect(Collectors.toMap(name -> name, name -> NODE)));
    /** Issue 8: owner changes, convergence delay, SSM sends and failures, apply failures, failovers, heartbeats. */
    static final Set<String> REQUIRED = Set.of(OwnershipFunction.OWNER_CHANGES, OwnershipFunction.CONVERGENCE_DELAY,
            OwnershipFunction.COMMANDS_SENT, OwnershipFunction.SEND_FAILURES, NodeMetrics.APPLY_FAILURES,
            FailoverFunction.FAILOVERS, NodeMetrics.HEARTBEAT);
    /** What the failover function and the agents publish in every node region. */
    static final Set<String> PER_NODE_REGION = union(FAILOVER_METRICS, NODE_METRICS);

    /** One metric a graph shows: from a metrics row (shorthands expanded) or a SEARCH expression. */
    record MetricUse(String region, String namespace, String name, List<String> dimensions) {
    }

    /**
     * {@code SEARCH('{namespace,dimension...} MetricName="X"', ...)}, or without the schema and with
     * bare dimension names, {@code SEARCH('MetricName="X" Node', ...)}: the form that finds a metric
     * in every node's own namespace.
     */
    static final Pattern SEARCH = Pattern.compile(
            "SEARCH\\('(?:\\{\"?([^\",]+)\"?((?:,[^,}]+)*)} )?MetricName=\"([^\"]+)\"((?: \\w+)*)', '\\w+', \\d+\\)");

    /** The public String constants of a class that name metrics (those named ..._DIMENSION name dimensions). */
    static Set<String> metricNames(Class<?> type) {
        Set<String> names = new TreeSet<>(constants(type).values());
        assertTrue(!names.isEmpty(), "no metric names in " + type);
        return names;
    }

    /** A class's public static String constants but dimension names, by field name. */
    static Map<String, String> constants(Class<?> type) {
        Map<String, String> constants = new HashMap<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                    && field.getType() == String.class && !field.getName().endsWith("_DIMENSION")) {
                try {
                    constants.put(field.getName(), (String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return constants;
    }

    /** Every class of the functions module, from the directory or jar the build put it in. */
    static List<Class<?>> functionClasses() throws IOException, URISyntaxException {
        Path location = Path.of(FailoverFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> files = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> walk = Files.walk(location)) {
                walk.filter(f -> f.toString().endsWith(".class"))
                        .forEach(f -> files.add(location.relativize(f).toString().replace(File.separatorChar, '/')));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(files::add);
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String file : files) {
            String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
            if (name.startsWith("dev.wgroam.functions.") && !name.endsWith("package-info")) {
                try {
                    classes.add(Class.forName(name, false, DashboardTest.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return classes;
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }

    /** The dashboard body as CloudFormation would send it, with {@code replicas} as ReplicaRegion1..n. */
    @SuppressWarnings("unchecked")
    static String body(List<String> replicas) {
        Map<String, String> parameters = new HashMap<>(Map.of("AWS::Region", HOME, "MetricNamespace", NAMESPACE,
                "StackRole", "home"));
        IntStream.range(0, replicas.size()).forEach(i -> parameters.put("ReplicaRegion" + (i + 1), replicas.get(i)));
        Map<String, Object> properties = (Map<String, Object>) Template.resource("Dashboard").get("Properties");
        return (String) Template.evaluate(properties.get("DashboardBody"), parameters);
    }

    /** Parses strictly: the parser stops after one value, so wrapped in an array anything after it is an error or a second element. */
    static JsonNode json(String text) {
        List<JsonNode> values = JsonNode.parser().parse("[" + text + "]").asArray();
        assertEquals(1, values.size(), "one JSON value, nothing after it");
        return values.get(0);
    }

    static List<MetricUse> metricUses(JsonNode body) {
        List<MetricUse> uses = new ArrayList<>();
        for (JsonNode widget : body.field("widgets").orElseThrow().asArray()) {
            if (!widget.field("type").orElseThrow().asString().equals("metric")) {
                continue;
            }
            JsonNode properties = widget.field("properties").orElseThrow();
            String region = properties.field("region").orElseThrow().asString();
            List<String> previous = List.of();
            for (JsonNode row : properties.field("metrics").orElseThrow().asArray()) {
                List<JsonNode> items = row.asArray();
                if (items.get(0).isObject()) {
                    uses.add(searched(region, items.get(0).field("expression").orElseThrow().asString()));
                    continue;
                }
                List<String> names = expand(items.stream().filter(JsonNode::isString).map(JsonNode::asString).toList(),
                        previous);
                previous = names;
                uses.add(new MetricUse(region, names.get(0), names.get(1),
                        IntStream.iterate(2, i -> i < names.size(), i -> i + 2).mapToObj(names::get).toList()));
            }
        }
        return uses;
    }

    /** The dashboard's shorthands: "." repeats the previous row's item, a lone "..." the whole previous row. */
    static List<String> expand(List<String> items, List<String> previous) {
        if (items.equals(List.of("..."))) {
            return previous;
        }
        if (items.contains("...")) {
            fail("a \"...\" shorthand this test cannot read: " + items);
        }
        return IntStream.range(0, items.size()).mapToObj(i -> items.get(i).equals(".") ? previous.get(i) : items.get(i))
                .toList();
    }

    static MetricUse searched(String region, String expression) {
        Matcher m = SEARCH.matcher(expression);
        if (!m.matches()) {
            fail("an expression this test cannot read: " + expression);
        }
        if (m.group(1) == null) {
            List<String> dimensions = Stream.of(m.group(4).trim().split(" ")).filter(d -> !d.isEmpty()).toList();
            return new MetricUse(region, NODE_NAMESPACES, m.group(3), dimensions);
        }
        List<String> dimensions = Stream.of(m.group(2).split(",")).filter(d -> !d.isEmpty()).toList();
        return new MetricUse(region, m.group(1), m.group(3), dimensions);
    }

    static Set<String> namesIn(List<MetricUse> uses, String region) {
        return uses.stream().filter(u -> u.region().equals(region) && EMITTED.containsKey(u.namespace()))
                .map(MetricUse::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void body_isJson_withEveryReplicaRegionAndWithNone() {
        for (List<String> replicas : List.of(REPLICAS, List.<String>of(), REPLICAS.subList(0, 1))) {
            assertTrue(json(body(replicas)).isObject(), "replicas " + replicas);
        }
    }

    @Test
    void everyMetricOfTheNamespace_isOneTheCodeEmits_underItsDimensions() {
        List<MetricUse> uses = metricUses(json(body(REPLICAS)));

        for (MetricUse use : uses) {
            assertTrue(EMITTED.containsKey(use.namespace()) || use.namespace().startsWith("AWS/"),
                    "neither wg-roam's namespace parameter, a node's, nor an AWS one: " + use);
            if (EMITTED.containsKey(use.namespace())) {
                Map<String, List<String>> emitted = EMITTED.get(use.namespace());
                assertTrue(emitted.containsKey(use.name()), "the code emits no metric " + use.name() + " there: " + use);
                assertEquals(emitted.get(use.name()), use.dimensions(), use.name() + "'s dimensions");
            }
        }
    }

    @Test
    void theMetricsTheIssueNames_allAppear() {
        Set<String> shown = metricUses(json(body(REPLICAS))).stream().filter(u -> EMITTED.containsKey(u.namespace()))
                .map(MetricUse::name).collect(Collectors.toSet());

        assertEquals(Set.of(), REQUIRED.stream().filter(r -> !shown.contains(r)).collect(Collectors.toSet()),
                "required but not on the dashboard");
    }

    /** A metric constant added to a function shows up here until the dashboard graphs it too. */
    @Test
    void everyMetricTheFunctionsEmit_isOnTheDashboard() {
        Set<String> shown = metricUses(json(body(REPLICAS))).stream().filter(u -> u.namespace().equals(NAMESPACE))
                .map(MetricUse::name).collect(Collectors.toSet());

        assertEquals(Set.of(), union(OWNERSHIP_METRICS, FAILOVER_METRICS).stream().filter(m -> !shown.contains(m))
                .collect(Collectors.toSet()), "emitted but not on the dashboard");
    }

    /**
     * A metric constant put anywhere else in the functions would be emitted without the checks above
     * ever seeing it: every public constant that looks like a metric name is one of the two functions'.
     */
    @Test
    void metricNames_liveInTheFunctionClassesOnly() throws IOException, URISyntaxException {
        List<Class<?>> classes = functionClasses();
        assertTrue(classes.contains(FailoverFunction.class) && classes.contains(OwnershipFunction.class), classes.toString());

        Map<String, String> elsewhere = new TreeMap<>();
        for (Class<?> type : classes) {
            if (type == FailoverFunction.class || type == OwnershipFunction.class) {
                continue;
            }
            constants(type).forEach((field, value) -> {
                if (METRIC_NAME.matcher(value).matches()) {
                    elsewhere.put(type.getName() + "." + field, value);
                }
            });
        }

        assertEquals(Map.of(), elsewhere, "metric-like constants outside FailoverFunction and OwnershipFunction");
        assertTrue(union(OWNERSHIP_METRICS, FAILOVER_METRICS).stream().allMatch(m -> METRIC_NAME.matcher(m).matches()),
                "the pattern recognises every metric name the functions declare");
    }

    @Test
    void everyNodeRegion_hasTheFailoverFunctionsAndTheNodesMetrics_andNoReplicaMeansNoRow() {
        List<MetricUse> all = metricUses(json(body(REPLICAS)));
        for (String region : Stream.concat(Stream.of(HOME), REPLICAS.stream()).toList()) {
            Set<String> shown = namesIn(all, region);
            assertTrue(shown.containsAll(PER_NODE_REGION), region + " shows " + shown);
        }
        assertTrue(namesIn(all, HOME).contains(OwnershipFunction.OWNER_CHANGES), "the ownership side is the home region's");

        Set<String> regionsWithoutReplicas = metricUses(json(body(List.of()))).stream().map(MetricUse::region)
                .collect(Collectors.toSet());
        assertEquals(Set.of(HOME), regionsWithoutReplicas);
    }
}
