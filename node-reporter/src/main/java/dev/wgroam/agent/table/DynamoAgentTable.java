package dev.wgroam.agent.table;

import dev.wgroam.aws.table.TableLists;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Owner;
import dev.wgroam.registry.Registry;
import dev.wgroam.table.MalformedItems;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.TableSchema;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    public TableRead<Registry> registry() {
        MalformedItems malformed = new MalformedItems();
        return new TableRead<>(TableLists.registry(dynamoDb, table, malformed), malformed);
    }

    @Override
    public TableRead<List<Owner>> owners() {
        MalformedItems malformed = new MalformedItems();
        return new TableRead<>(TableLists.read(dynamoDb, table, TableSchema.OWNERS, OwnerItem::fromItem, malformed),
                malformed);
    }

    @Override
    public TableRead<Optional<NodeStatus>> status(NodeId node) {
        MalformedItems malformed = new MalformedItems();
        return new TableRead<>(TableLists.byKeys(dynamoDb, table, List.of(NodeStatusItem.key(node)),
                NodeStatusItem::fromItem, malformed).stream().findFirst(), malformed);
    }

    @Override
    public TableRead<List<NodeRecord>> nodeRecords(Collection<NodeId> nodes) {
        MalformedItems malformed = new MalformedItems();
        // BatchGetItem refuses a request that names one key twice.
        List<Map<String, AttributeValue>> keys = nodes.stream().distinct().map(NodeRecordItem::key).toList();
        return new TableRead<>(TableLists.byKeys(dynamoDb, table, keys, NodeRecordItem::fromItem, malformed), malformed);
    }
}
