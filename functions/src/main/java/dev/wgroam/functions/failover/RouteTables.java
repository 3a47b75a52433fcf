package dev.wgroam.functions.failover;

import dev.wgroam.routes.Cidr;

/** The VPC route tables of this region's fleet: where a destination's route goes ({@link VpcRouteTables}). */
@FunctionalInterface
public interface RouteTables {

    /** Points the route to {@code destination} at the instance; returns how many routes changed. */
    int pointAt(Cidr destination, String instanceId);
}
