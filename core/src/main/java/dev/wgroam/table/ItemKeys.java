package dev.wgroam.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The key attributes of one item, as its codec derives them from what the item is about:
 * written by {@link ItemWriter#keys}, checked by {@link ItemReader#keyedAs}, and cut down to the
 * primary key for reads, deletes and conditional writes. Items without a list key are not in the
 * index at all.
 */
record ItemKeys(String partitionKey, String sortKey, String listKey, String listSort) {

    /** Keys of an item that is in no list of the index: every item a node writes (see {@link TableSchema}). */
    static ItemKeys unlisted(String partitionKey, String sortKey) {
        return new ItemKeys(partitionKey, sortKey, null, null);
    }

    boolean listed() {
        return listKey != null;
    }

    Map<String, AttributeValue> primaryKey() {
        return Map.of(TableSchema.PARTITION_KEY, AttributeValue.fromS(partitionKey),
                TableSchema.SORT_KEY, AttributeValue.fromS(sortKey));
    }
}
