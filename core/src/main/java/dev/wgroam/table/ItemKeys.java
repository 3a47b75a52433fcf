package dev.wgroam.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The four key attributes of one item, as its codec derives them from what the item is about:
 * written by {@link ItemWriter#keys}, checked by {@link ItemReader#keyedAs}, and cut down to the
 * primary key for reads, deletes and conditional writes.
 */
record ItemKeys(String partitionKey, String sortKey, String listKey, String listSort) {

    Map<String, AttributeValue> primaryKey() {
        return Map.of(TableSchema.PARTITION_KEY, AttributeValue.fromS(partitionKey),
                TableSchema.SORT_KEY, AttributeValue.fromS(sortKey));
    }
}
