package dev.wgroam.agent.table;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.ownership.Owner;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.TableLists;
import dev.wgroam.table.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link AgentTable} on DynamoDB: the node's local replica of the global table. */
public final class DynamoAgentTable implements AgentTable {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoAgentTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void put(Map<String, AttributeValue> item) {
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public TableRead<Owner> owners() {
        return list(TableSchema.OWNERS, OwnerItem::fromItem);
    }

    @Override
    public TableRead<NodeRecord> nodes() {
        return list(TableSchema.NODES, NodeRecordItem::fromItem);
    }

    private <T> TableRead<T> list(String listKey, Function<Map<String, AttributeValue>, T> codec) {
        List<MalformedItemException> malformed = new ArrayList<>();
        List<T> items = TableLists.read(dynamoDb, table, listKey, codec, malformed::add);
        return new TableRead<>(items, malformed);
    }
}
