package dev.wgroam.functions.failover;

import dev.wgroam.aws.table.TableLists;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.registry.Registry;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.TableSchema;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@link FailoverStore} on the node region's replica of the table. */
public final class DynamoFailoverStore implements FailoverStore {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Consumer<MalformedItemException> onMalformed;

    public DynamoFailoverStore(DynamoDbClient dynamoDb, String table, Consumer<MalformedItemException> onMalformed) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.onMalformed = onMalformed;
    }

    @Override
    public Registry registry() {
        return TableLists.registry(dynamoDb, table, onMalformed);
    }

    @Override
    public NodeStatus status(NodeId node) {
        var item = dynamoDb.getItem(r -> r.tableName(table).key(NodeStatusItem.key(node)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : NodeStatusItem.fromItem(item);
    }

    @Override
    public List<NodeStatus> statuses() {
        return TableLists.read(dynamoDb, table, TableSchema.STATUSES, NodeStatusItem::fromItem, onMalformed);
    }

    @Override
    public void put(NodeStatus status) {
        dynamoDb.putItem(r -> r.tableName(table).item(NodeStatusItem.toItem(status)));
    }

    @Override
    public void delete(NodeId node) {
        dynamoDb.deleteItem(r -> r.tableName(table).key(NodeStatusItem.key(node)));
    }
}
