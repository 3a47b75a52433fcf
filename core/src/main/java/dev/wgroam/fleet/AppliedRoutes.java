package dev.wgroam.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * A summary of the routes a node has applied, for operators to compare with the owner set.
 *
 * @param routes        how many prefixes the node routes
 * @param versionSum    the sum of the owner versions applied; equal to the table's sum when in line
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
}
