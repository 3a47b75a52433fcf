package dev.wgroam.functions.ownership;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbRecordTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * One event source mapping batch, checked at the edge: the records of this table's stream in SDK v2
 * shape, and those that are not (another table's stream, no ApproximateCreationDateTime, a shape
 * the transformer cannot convert), which are counted and skipped with their keys logged: no retry
 * can mend them, and an exception here would fail the whole batch.
 */
record StreamBatch(List<Record> records, List<Skipped> skipped) {

    /** A record that never reaches a decision. */
    record Skipped(String sequenceNumber, String why, Map<String, String> keys) {
    }

    StreamBatch {
        records = List.copyOf(records);
        skipped = List.copyOf(skipped);
    }

    /** @param table the table whose stream the function reads */
    static StreamBatch of(DynamodbEvent event, String table) {
        List<Record> records = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<DynamodbEvent.DynamodbStreamRecord> delivered = event == null || event.getRecords() == null
                ? List.of() : event.getRecords();
        for (DynamodbEvent.DynamodbStreamRecord record : delivered) {
            var stream = record.getDynamodb();
            String sequence = stream == null || stream.getSequenceNumber() == null ? "" : stream.getSequenceNumber();
            String arn = record.getEventSourceARN();
            if (arn == null || !arn.contains(":table/" + table + "/stream/")) {
                skipped.add(new Skipped(sequence, "a record of another stream than table " + table + "'s: " + arn,
                        keys(record)));
            } else if (stream == null || stream.getApproximateCreationDateTime() == null) {
                skipped.add(new Skipped(sequence, "a record without ApproximateCreationDateTime", keys(record)));
            } else {
                try {
                    records.add(DynamodbRecordTransformer.toRecordV2(record));
                } catch (RuntimeException e) {
                    skipped.add(new Skipped(sequence, "a record that does not convert: " + e, keys(record)));
                }
            }
        }
        return new StreamBatch(records, skipped);
    }

    private static Map<String, String> keys(DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, String> keys = new TreeMap<>();
        if (record.getDynamodb() != null && record.getDynamodb().getKeys() != null) {
            record.getDynamodb().getKeys().forEach((name, value) -> keys.put(name,
                    value == null ? "null" : value.getS() != null ? value.getS()
                            : value.getN() != null ? value.getN() : String.valueOf(value)));
        }
        return keys;
    }
}
