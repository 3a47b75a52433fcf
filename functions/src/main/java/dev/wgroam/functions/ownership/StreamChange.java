package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Observation;

/** What one stream record means to the ownership function, parsed once at the edge. */
sealed interface StreamChange {

    /** The record's sequence number, for the partial batch response. */
    String sequenceNumber();

    /** A node reported a client: decide that client's owner. */
    record ObservationChanged(String sequenceNumber, Observation observation) implements StreamChange {
    }

    /** A node's status or record changed: decide the VPC prefixes of its region. */
    record RegionChanged(String sequenceNumber, Region region) implements StreamChange {
    }

    /** Nothing to do (an owner item, a removed observation). */
    record Ignored(String sequenceNumber) implements StreamChange {
    }

    /** A record that cannot be read; reported as failed so it is retried, then sent to the on-failure destination. */
    record Malformed(String sequenceNumber, String reason) implements StreamChange {
    }
}
