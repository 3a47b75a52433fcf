package dev.wgroam.local.accelerator;

import java.util.Objects;

/**
 * One endpoint of a stand-in endpoint group as DescribeEndpointGroup shows it, plus the node address
 * the edge forwards to.
 */
public record AcceleratorEndpoint(String id, String address, int weight, boolean clientIpPreservation,
                                  HealthState health) {

    public AcceleratorEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(health, "health");
        if (weight < 0 || weight > 255) {
            throw new IllegalArgumentException("weight must be 0..255, not " + weight);
        }
    }

    /** Whether the accelerator sends new flows here. */
    public boolean takesNewFlows() {
        return weight > 0 && health.routable();
    }
}
