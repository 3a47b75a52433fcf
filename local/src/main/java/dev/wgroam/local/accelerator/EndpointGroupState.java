package dev.wgroam.local.accelerator;

import dev.wgroam.fleet.Region;
import java.util.List;

/** One region's endpoint group of the stand-in accelerator. */
public record EndpointGroupState(String arn, Region region, List<AcceleratorEndpoint> endpoints) {

    public EndpointGroupState {
        endpoints = List.copyOf(endpoints);
    }
}
