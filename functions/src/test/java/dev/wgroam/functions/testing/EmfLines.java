package dev.wgroam.functions.testing;

import java.util.List;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Reads the embedded-metric-format lines of a function's log as CloudWatch would: parsed, not searched. */
public final class EmfLines {

    private EmfLines() {
    }

    /** The sum of {@code metric} over every EMF line that declares it; other lines (logs) are skipped. */
    public static long sum(String log, String metric) {
        long sum = 0;
        for (String line : log.lines().toList()) {
            JsonNode json = JsonNode.parser().parse(line);
            if (json.field("_aws").isEmpty()) {
                continue;
            }
            List<String> declared = json.field("_aws").orElseThrow().field("CloudWatchMetrics").orElseThrow().asArray()
                    .stream().flatMap(d -> d.field("Metrics").orElseThrow().asArray().stream())
                    .map(m -> m.field("Name").orElseThrow().asString()).toList();
            if (declared.contains(metric)) {
                sum += Long.parseLong(json.field(metric).orElseThrow().asNumber());
            }
        }
        return sum;
    }
}
