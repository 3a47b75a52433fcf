package dev.wgroam.aws.table;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.ownership.Observation;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.Registry;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.table.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads items and decodes each: one list of the {@value TableSchema#LIST_INDEX} index, items by
 * exact key (what nodes write is read only so), the observations in one node's partition, and the
 * registry. Items that do not decode go to {@code onMalformed} and are left out, so one bad item
 * cannot hide the others.
 */
public final class TableLists {

    /** BatchGetItem takes at most 100 keys a call. */
    static final int BATCH_GET_LIMIT = 100;
    private static final int MAX_BATCH_ATTEMPTS = 8;

    private TableLists() {
    }

    /**
     * Every item under {@code listKey}, decoded. Only operator and function items are in lists, so
     * no node can add to what this reads.
     */
    public static <T> List<T> read(DynamoDbClient dynamoDb, String table, String listKey,
                                   Function<Map<String, AttributeValue>, T> codec,
                                   Consumer<MalformedItemException> onMalformed) {
        return decoded(dynamoDb, QueryRequest.builder().tableName(table)
                .indexName(TableSchema.LIST_INDEX)
                .keyConditionExpression("#k = :k")
                .expressionAttributeNames(Map.of("#k", TableSchema.LIST_KEY))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(listKey)))
                .build(), codec, onMalformed);
    }

    /**
     * Every observation {@code node} has written, from its own partition: one query per node where
     * the index would need one per client. Malformed items go to {@code onMalformed}, as in {@link #read}.
     */
    public static List<Observation> observationsBy(DynamoDbClient dynamoDb, String table, NodeId node,
                                                   Consumer<MalformedItemException> onMalformed) {
        return decoded(dynamoDb, QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :sk)")
                .expressionAttributeNames(Map.of("#pk", TableSchema.PARTITION_KEY, "#sk", TableSchema.SORT_KEY))
                .expressionAttributeValues(Map.of(":pk", ObservationItem.partitionOf(node),
                        ":sk", ObservationItem.sortKeyPrefix()))
                .build(), ObservationItem::fromItem, onMalformed);
    }

    /**
     * The items at {@code keys}, decoded, in no particular order; absent items are simply missing.
     * BatchGetItem, 100 keys a call, unprocessed keys asked again (the SDK's retries back off).
     */
    public static <T> List<T> byKeys(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> keys,
                                     Function<Map<String, AttributeValue>, T> codec,
                                     Consumer<MalformedItemException> onMalformed) {
        List<T> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> pending = List.copyOf(
                    keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT)));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > MAX_BATCH_ATTEMPTS) {
                    throw new IllegalStateException(pending.size() + " keys still unprocessed after "
                            + MAX_BATCH_ATTEMPTS + " BatchGetItem calls on " + table);
                }
                var keysAndAttributes = KeysAndAttributes.builder().keys(pending).build();
                BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(Map.of(table, keysAndAttributes)));
                response.responses().getOrDefault(table, List.of()).forEach(item -> decode(item, codec, items, onMalformed));
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
            }
        }
        return items;
    }

    /** The fleet settings, approvals and clients as every consumer believes them ({@link Registry#of}). */
    public static Registry registry(DynamoDbClient dynamoDb, String table, Consumer<MalformedItemException> onMalformed) {
        return Registry.of(fleetSettings(dynamoDb, table, false, onMalformed),
                read(dynamoDb, table, TableSchema.APPROVALS, NodeApprovalItem::fromItem, onMalformed),
                read(dynamoDb, table, TableSchema.CLIENTS, RegisteredClientItem::fromItem, onMalformed));
    }

    /** The fleet settings; null when there are none or they do not decode (then {@code onMalformed} hears of it). */
    public static FleetSettings fleetSettings(DynamoDbClient dynamoDb, String table, boolean consistent,
                                              Consumer<MalformedItemException> onMalformed) {
        var item = dynamoDb.getItem(r -> r.tableName(table).key(FleetSettingsItem.KEY).consistentRead(consistent)).item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        try {
            return FleetSettingsItem.fromItem(item);
        } catch (MalformedItemException e) {
            onMalformed.accept(e);
            return null;
        }
    }

    private static <T> void decode(Map<String, AttributeValue> item, Function<Map<String, AttributeValue>, T> codec,
                                   List<T> into, Consumer<MalformedItemException> onMalformed) {
        try {
            into.add(codec.apply(item));
        } catch (MalformedItemException e) {
            onMalformed.accept(e);
        }
    }

    private static <T> List<T> decoded(DynamoDbClient dynamoDb, QueryRequest query,
                                       Function<Map<String, AttributeValue>, T> codec,
                                       Consumer<MalformedItemException> onMalformed) {
        List<T> items = new ArrayList<>();
        dynamoDb.queryPaginator(query).items().forEach(item -> decode(item, codec, items, onMalformed));
        return items;
    }
}
