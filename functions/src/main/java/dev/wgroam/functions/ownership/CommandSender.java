package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.Region;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tells the nodes of some regions about route changes. */
public interface CommandSender {

    /** What happened in one region: commands accepted, and the error that stopped it, or null. */
    record Outcome(int commandsSent, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    /**
     * Sends every payload to the fleet's nodes in each region, regions in parallel; a region whose
     * send fails does not hold up the others.
     */
    Map<Region, Outcome> send(Set<Region> regions, List<String> payloads);
}
