package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Observation;
import dev.wgroam.wireguard.PeerKey;
import java.util.Map;
import java.util.Set;

/** What one stream record means to the ownership function, parsed once at the edge. */
sealed interface StreamChange {

    /** The record's sequence number, for the partial batch response. */
    String sequenceNumber();

    /** A node reported a client: decide that client's owner, if the claim survives the screen. */
    record ObservationChanged(String sequenceNumber, Observation observation) implements StreamChange {
    }

    /**
     * A node wrote an observation item that does not read: a refused claim, counted and skipped.
     * Retrying it could never succeed, and would let a node hold up the shard for everyone.
     */
    record UnreadableObservation(String sequenceNumber, String reason) implements StreamChange {
    }

    /**
     * The operator registered, changed or removed a client: decide it again (a new address moves its
     * route); once removed, its owner item goes.
     *
     * @param removed whether the record is the client item's REMOVE
     */
    record ClientChanged(String sequenceNumber, PeerKey client, boolean removed) implements StreamChange {
    }

    /**
     * An approval or a node status changed: decide the VPC prefixes of these regions again, and
     * every node reconciles at once (a drained node sends its clients away on its status).
     */
    record RegionsChanged(String sequenceNumber, Set<Region> regions) implements StreamChange {
        public RegionsChanged {
            regions = Set.copyOf(regions);
        }
    }

    /** The operator changed the fleet settings: nothing to decide, but every node reconciles at once. */
    record FleetChanged(String sequenceNumber) implements StreamChange {
    }

    /** Nothing to do: a node record (it cannot change routing), an owner item, a removed observation. */
    record Ignored(String sequenceNumber) implements StreamChange {
    }

    /**
     * A record that cannot be read: counted and skipped, its keys logged. No retry can mend it, and
     * one would hold up the shard.
     */
    record Malformed(String sequenceNumber, String reason, Map<String, String> keys) implements StreamChange {
        public Malformed {
            keys = Map.copyOf(keys);
        }
    }
}
