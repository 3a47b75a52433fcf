package dev.wgroam.aws.accelerator;

import java.util.Objects;

/**
 * One endpoint as DescribeEndpointGroup reports it: the weight setting an update must carry, and
 * what GA's own health check says of it.
 *
 * @param healthState {@code INITIAL}, {@code HEALTHY} or {@code UNHEALTHY}; empty when GA reports none
 */
public record DescribedEndpoint(EndpointWeight weight, String healthState) {
    public DescribedEndpoint {
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(healthState, "healthState");
    }
}
