package dev.wgroam.bench;

import java.util.List;

/** The benchmarks' summary of a sample of durations. */
final class Percentiles {

    private Percentiles() {
    }

    /** "n=… p50=… ms p95=… ms max=… ms", nearest-rank percentiles. */
    static String summary(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return String.format("n=%d p50=%d ms p95=%d ms max=%d ms", sorted.size(), rank(sorted, 50), rank(sorted, 95),
                sorted.get(sorted.size() - 1));
    }

    private static long rank(List<Long> sorted, int p) {
        return sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    }
}
