package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.Region;
import dev.wgroam.table.ItemKind;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** Turns stream records (SDK v2 shape) into {@link StreamChange}s; never throws. */
final class StreamChanges {

    private StreamChanges() {
    }

    static StreamChange parse(Record record) {
        String sequence = record.dynamodb() == null ? null : record.dynamodb().sequenceNumber();
        if (sequence == null) {
            return new StreamChange.Malformed("", "record without a sequence number");
        }
        String event = record.eventNameAsString();
        boolean removed = "REMOVE".equals(event);
        if (!removed && !"INSERT".equals(event) && !"MODIFY".equals(event)) {
            return new StreamChange.Malformed(sequence, "unknown event name " + event);
        }
        Map<String, AttributeValue> image = removed ? record.dynamodb().oldImage() : record.dynamodb().newImage();
        if (image == null || image.isEmpty()) {
            return new StreamChange.Malformed(sequence, (removed ? "old" : "new")
                    + " image missing; the stream must be NEW_AND_OLD_IMAGES");
        }
        try {
            return switch (ItemKind.of(image)) {
                case OBSERVATION -> removed
                        ? new StreamChange.Ignored(sequence)
                        : new StreamChange.ObservationChanged(sequence, ObservationItem.fromItem(image));
                case STATUS -> new StreamChange.RegionChanged(sequence, NodeStatusItem.fromItem(image).region());
                case NODE -> new StreamChange.RegionChanged(sequence, regionOfNode(image));
                case OWNER -> new StreamChange.Ignored(sequence);
            };
        } catch (MalformedItemException e) {
            return new StreamChange.Malformed(sequence, e.getMessage());
        }
    }

    private static Region regionOfNode(Map<String, AttributeValue> image) {
        return NodeRecordItem.fromItem(image).region();
    }
}
