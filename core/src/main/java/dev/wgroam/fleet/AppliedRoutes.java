package dev.wgroam.fleet;

import dev.wgroam.routes.RouteEntry;
import java.time.Instant;
import java.util.Objects;

/**
 * A summary of the routes a node has applied, for operators to compare with the owner set.
 *
 * @param routes        how many prefixes the node routes
 * @param versionSum    the sum of the owner versions applied; equal to the table's sum when in line.
 *                      Versions are at most {@link RouteEntry#MAX_VERSION}, so millions of them fit
 * @param appliedAt     when the node last changed its routes
 */
public record AppliedRoutes(int routes, long versionSum, Instant appliedAt) {

    public static final AppliedRoutes NONE = new AppliedRoutes(0, 0, Instant.EPOCH);

    public AppliedRoutes {
        Objects.requireNonNull(appliedAt, "appliedAt");
        if (routes < 0 || versionSum < 0) {
            throw new IllegalArgumentException("applied route counts cannot be negative");
        }
    }

    /** The sum of versions each in range; exact, and refused rather than wrapped should it ever not fit. */
    public static long sumOf(Iterable<Long> versions) {
        long sum = 0;
        for (long v : versions) {
            if (v < 1 || v > RouteEntry.MAX_VERSION) {
                throw new IllegalArgumentException("route version out of range 1-" + RouteEntry.MAX_VERSION + ": " + v);
            }
            sum = Math.addExact(sum, v);
        }
        return sum;
    }
}
