package dev.wgroam.local.accelerator;

import dev.wgroam.fleet.Region;
import java.util.List;

/** Where a client is, as the accelerator sees it: its source address and the regions nearest first. */
public record ClientLocation(String address, List<Region> nearestFirst) {

    public ClientLocation {
        nearestFirst = List.copyOf(nearestFirst);
    }
}
