package dev.wgroam.functions.telemetry;

import dev.wgroam.text.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured JSON log lines and CloudWatch embedded-metric-format (EMF) lines, both on stdout,
 * which Lambda ships to CloudWatch Logs; CloudWatch extracts the metrics from the EMF lines.
 * Dimensions stay small (the function, a reason) — never a client key.
 */
public final class Telemetry {

    /** The one dimension of every metric: its value is the function's name ("ownership", "failover"). */
    public static final String FUNCTION_DIMENSION = "Function";

    private final PrintStream out;
    private final Clock clock;
    private final String function;
    private final String namespace;

    public Telemetry(PrintStream out, Clock clock, String function, String namespace) {
        this.out = out;
        this.clock = clock;
        this.function = function;
        this.namespace = namespace;
    }

    public void info(String message, Map<String, ?> fields) {
        log("INFO", message, fields);
    }

    public void warn(String message, Map<String, ?> fields) {
        log("WARN", message, fields);
    }

    public void error(String message, Map<String, ?> fields) {
        log("ERROR", message, fields);
    }

    private void log(String level, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level);
        line.put("function", function);
        line.put("message", message);
        line.putAll(fields);
        print(line);
    }

    /** One EMF line carrying every metric of {@code values}, dimension Function. */
    public void metrics(Map<String, ? extends Number> values, Map<String, String> units) {
        emit(values, units, Map.of());
    }

    /**
     * One EMF line per entry of {@code counts}: metric {@code name}, dimensions Function and
     * {@code dimension} = the entry's key. For a few fixed values such as a reason, never for an id.
     */
    public void countsBy(String name, String dimension, Map<String, ? extends Number> counts) {
        counts.forEach((value, count) -> emit(Map.of(name, count), Map.of(), Map.of(dimension, value)));
    }

    /** One EMF line carrying several values of one metric (EMF takes an array). */
    public void metricValues(String name, List<? extends Number> values, String unit) {
        emit(Map.of(name, values), Map.of(name, unit), Map.of());
    }

    private void emit(Map<String, ?> values, Map<String, String> units, Map<String, String> extraDimensions) {
        if (values.isEmpty()) {
            return;
        }
        List<Map<String, String>> definitions = values.keySet().stream()
                .map(name -> Map.of("Name", name, "Unit", units.getOrDefault(name, "Count")))
                .toList();
        List<String> dimensions = new ArrayList<>();
        dimensions.add(FUNCTION_DIMENSION);
        dimensions.addAll(extraDimensions.keySet());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of(
                "Timestamp", clock.millis(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", namespace,
                        "Dimensions", List.of(dimensions),
                        "Metrics", definitions))));
        line.put(FUNCTION_DIMENSION, function);
        line.putAll(extraDimensions);
        line.putAll(values);
        print(line);
    }

    private synchronized void print(Map<String, Object> line) {
        out.println(Json.write(line));
    }
}
