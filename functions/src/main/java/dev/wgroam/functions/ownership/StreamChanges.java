package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.Region;
import dev.wgroam.table.ItemKind;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.RegisteredClientItem;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Turns stream records (SDK v2 shape) into {@link StreamChange}s; never throws. Only the operator's
 * items (approvals, clients) and the failover function's (statuses) can change VPC owners or where
 * a client's route goes; of what nodes write, only observations count, and only as claims to screen.
 * The kind is the item's key prefix, which IAM keeps nodes from writing outside their own node and
 * observation items: a node cannot pass an item off as the registry's.
 */
final class StreamChanges {

    private StreamChanges() {
    }

    static StreamChange parse(Record record) {
        String sequence = record.dynamodb() == null ? null : record.dynamodb().sequenceNumber();
        Map<String, String> keys = keys(record);
        if (sequence == null) {
            return new StreamChange.Malformed("", "record without a sequence number", keys);
        }
        String event = record.eventNameAsString();
        boolean removed = "REMOVE".equals(event);
        if (!removed && !"INSERT".equals(event) && !"MODIFY".equals(event)) {
            return new StreamChange.Malformed(sequence, "unknown event name " + event, keys);
        }
        Map<String, AttributeValue> image = removed ? record.dynamodb().oldImage() : record.dynamodb().newImage();
        if (image == null || image.isEmpty()) {
            return new StreamChange.Malformed(sequence, (removed ? "old" : "new")
                    + " image missing; the stream must be NEW_AND_OLD_IMAGES", keys);
        }
        // On a MODIFY the old image names the region the item left, if it moved (local node ids have no ARN region).
        Map<String, AttributeValue> before = removed ? null : record.dynamodb().oldImage();
        ItemKind kind;
        try {
            kind = ItemKind.of(image);
        } catch (MalformedItemException e) {
            return new StreamChange.Malformed(sequence, e.getMessage(), keys);
        }
        try {
            return switch (kind) {
                case OBSERVATION -> removed ? new StreamChange.Ignored(sequence) : observation(sequence, image);
                case APPROVAL -> new StreamChange.RegionsChanged(sequence,
                        regions(image, before, item -> NodeApprovalItem.fromItem(item).region()));
                case STATUS -> new StreamChange.RegionsChanged(sequence,
                        regions(image, before, item -> NodeStatusItem.fromItem(item).region()));
                case CLIENT -> new StreamChange.ClientChanged(sequence, RegisteredClientItem.fromItem(image).key(), removed);
                case FLEET -> new StreamChange.FleetChanged(sequence);
                case NODE, OWNER, CLAIM -> new StreamChange.Ignored(sequence);
            };
        } catch (MalformedItemException e) {
            return new StreamChange.Malformed(sequence, e.getMessage(), keys);
        }
    }

    /** The record's key attributes as text, for the log line of a record that is skipped; else the image's pk and sk. */
    static Map<String, String> keys(Record record) {
        Map<String, String> keys = new TreeMap<>();
        if (record.dynamodb() == null) {
            return keys;
        }
        var stream = record.dynamodb();
        Map<String, AttributeValue> source = stream.hasKeys() ? stream.keys()
                : stream.hasNewImage() ? stream.newImage() : stream.hasOldImage() ? stream.oldImage() : Map.of();
        source.forEach((name, value) -> {
            if (stream.hasKeys() || name.equals("pk") || name.equals("sk")) {
                keys.put(name, value.s() != null ? value.s() : value.n() != null ? value.n() : String.valueOf(value));
            }
        });
        return keys;
    }

    private static StreamChange observation(String sequence, Map<String, AttributeValue> image) {
        try {
            return new StreamChange.ObservationChanged(sequence, ObservationItem.fromItem(image));
        } catch (MalformedItemException e) {
            return new StreamChange.UnreadableObservation(sequence, e.getMessage());
        }
    }

    /** The image's region, and the old image's when it reads and differs. */
    private static Set<Region> regions(Map<String, AttributeValue> image, Map<String, AttributeValue> before,
                                       Function<Map<String, AttributeValue>, Region> region) {
        Set<Region> regions = new HashSet<>();
        regions.add(region.apply(image));
        if (before != null && !before.isEmpty()) {
            try {
                regions.add(region.apply(before));
            } catch (MalformedItemException e) {
                // The item was unreadable before this change; the new image is what counts.
            }
        }
        return regions;
    }
}
