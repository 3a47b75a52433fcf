package dev.wgroam.table;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Builds one item; times are written twice, epoch seconds to compute with and ISO-8601 to read. */
final class ItemWriter {

    private final Map<String, AttributeValue> item = new LinkedHashMap<>();

    ItemWriter keys(ItemKind kind, ItemKeys keys) {
        string(TableSchema.PARTITION_KEY, keys.partitionKey());
        string(TableSchema.SORT_KEY, keys.sortKey());
        string(TableSchema.KIND, kind.attributeValue());
        if (keys.listed()) {
            string(TableSchema.LIST_KEY, keys.listKey());
            string(TableSchema.LIST_SORT, keys.listSort());
        }
        return this;
    }

    ItemWriter string(String name, Object value) {
        item.put(name, AttributeValue.fromS(value.toString()));
        return this;
    }

    /** Empty strings are left out: the console shows a missing attribute more plainly. */
    ItemWriter stringUnlessEmpty(String name, String value) {
        return value.isEmpty() ? this : string(name, value);
    }

    ItemWriter number(String name, long value) {
        item.put(name, AttributeValue.fromN(Long.toString(value)));
        return this;
    }

    ItemWriter bool(String name, boolean value) {
        item.put(name, AttributeValue.fromBool(value));
        return this;
    }

    /** {@code name} as epoch seconds and {@code nameUtc} as ISO-8601 text, both to the second. */
    ItemWriter time(String name, Instant value) {
        number(name, value.getEpochSecond());
        return string(name + TableSchema.UTC_SUFFIX, value.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    ItemWriter strings(String name, List<?> values) {
        item.put(name, AttributeValue.fromL(values.stream().map(v -> AttributeValue.fromS(v.toString())).toList()));
        return this;
    }

    Map<String, AttributeValue> build() {
        return Map.copyOf(item);
    }
}
