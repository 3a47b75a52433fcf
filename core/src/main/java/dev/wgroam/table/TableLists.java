package dev.wgroam.table;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.ownership.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads lists of items page by page, decoding each: one list of the {@value TableSchema#LIST_INDEX}
 * index, or the observations in one node's partition.
 */
public final class TableLists {

    private TableLists() {
    }

    /**
     * Every item under {@code listKey}, decoded; items that do not decode are handed to
     * {@code onMalformed} and left out, so one bad item cannot hide all the others.
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
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(TableSchema.NODE_PREFIX + node),
                        ":sk", AttributeValue.fromS(TableSchema.OBSERVATION_PREFIX)))
                .build(), ObservationItem::fromItem, onMalformed);
    }

    private static <T> List<T> decoded(DynamoDbClient dynamoDb, QueryRequest query,
                                       Function<Map<String, AttributeValue>, T> codec,
                                       Consumer<MalformedItemException> onMalformed) {
        List<T> items = new ArrayList<>();
        dynamoDb.queryPaginator(query).items().forEach(item -> {
            try {
                items.add(codec.apply(item));
            } catch (MalformedItemException e) {
                onMalformed.accept(e);
            }
        });
        return items;
    }
}
