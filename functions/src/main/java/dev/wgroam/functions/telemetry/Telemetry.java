package dev.wgroam.functions.telemetry;

import dev.wgroam.text.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured JSON log lines and CloudWatch embedded-metric-format (EMF) lines, both on stdout,
 * which Lambda ships to CloudWatch Logs; CloudWatch extracts the metrics from the EMF lines.
 * Dimensions stay small (the function) — never a client key.
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
        emit(values, units);
    }

    /** One EMF line carrying several values of one metric (EMF takes an array). */
    public void metricValues(String name, List<? extends Number> values, String unit) {
        emit(Map.of(name, values), Map.of(name, unit));
    }

    private void emit(Map<String, ?> values, Map<String, String> units) {
        if (values.isEmpty()) {
            return;
        }
        List<Map<String, String>> definitions = values.keySet().stream()
                .map(name -> Map.of("Name", name, "Unit", units.getOrDefault(name, "Count")))
                .toList();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of(
                "Timestamp", clock.millis(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", namespace,
                        "Dimensions", List.of(List.of(FUNCTION_DIMENSION)),
                        "Metrics", definitions))));
        line.put(FUNCTION_DIMENSION, function);
        line.putAll(values);
        print(line);
    }

    private synchronized void print(Map<String, Object> line) {
        out.println(Json.write(line));
    }
}
