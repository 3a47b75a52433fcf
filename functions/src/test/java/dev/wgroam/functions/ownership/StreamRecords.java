package dev.wgroam.functions.ownership;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** Stream records as the event source mapping delivers them (after the SDK v2 transform). */
final class StreamRecords {

    private StreamRecords() {
    }

    static Record record(String event, String sequence, Map<String, AttributeValue> oldImage,
                         Map<String, AttributeValue> newImage) {
        StreamRecord.Builder stream = StreamRecord.builder().sequenceNumber(sequence)
                .streamViewType("NEW_AND_OLD_IMAGES");
        if (oldImage != null) {
            stream.oldImage(oldImage);
        }
        if (newImage != null) {
            stream.newImage(newImage);
        }
        return Record.builder().eventName(event).eventSource("aws:dynamodb").dynamodb(stream.build()).build();
    }

    static Record insert(String sequence, Map<String, AttributeValue> item) {
        return record("INSERT", sequence, null, item);
    }

    static Record modify(String sequence, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        return record("MODIFY", sequence, before, after);
    }
}
