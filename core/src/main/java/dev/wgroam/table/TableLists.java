package dev.wgroam.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads one list of the {@value TableSchema#LIST_INDEX} index, page by page, decoding each item. */
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
        List<T> items = new ArrayList<>();
        dynamoDb.queryPaginator(r -> r.tableName(table)
                        .indexName(TableSchema.LIST_INDEX)
                        .keyConditionExpression("#k = :k")
                        .expressionAttributeNames(Map.of("#k", TableSchema.LIST_KEY))
                        .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(listKey))))
                .items()
                .forEach(item -> {
                    try {
                        items.add(codec.apply(item));
                    } catch (MalformedItemException e) {
                        onMalformed.accept(e);
                    }
                });
        return items;
    }
}
