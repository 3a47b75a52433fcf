package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.TableLists;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.PeerKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/** {@link OwnershipStore} on the home region's replica of the table. */
public final class DynamoOwnershipStore implements OwnershipStore {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Consumer<MalformedItemException> onMalformed;

    public DynamoOwnershipStore(DynamoDbClient dynamoDb, String table, Consumer<MalformedItemException> onMalformed) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.onMalformed = onMalformed;
    }

    @Override
    public List<Observation> observationsOf(PeerKey client) {
        return list(TableSchema.observationsOf(client), ObservationItem::fromItem);
    }

    @Override
    public Owner owner(Subject subject) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table).key(OwnerItem.key(subject)).consistentRead(true));
        // A malformed owner item propagates: deciding over it could overwrite what an operator must see.
        return response.hasItem() && !response.item().isEmpty() ? OwnerItem.fromItem(response.item()) : null;
    }

    @Override
    public WriteOutcome write(Owner next) {
        try {
            if (next.version() == 1) {
                dynamoDb.putItem(r -> r.tableName(table).item(OwnerItem.toItem(next))
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", TableSchema.PARTITION_KEY)));
            } else {
                dynamoDb.putItem(r -> r.tableName(table).item(OwnerItem.toItem(next))
                        .conditionExpression("#v = :previous")
                        .expressionAttributeNames(Map.of("#v", OwnerItem.VERSION))
                        .expressionAttributeValues(Map.of(":previous",
                                AttributeValue.fromN(Long.toString(next.version() - 1)))));
            }
            return WriteOutcome.WRITTEN;
        } catch (ConditionalCheckFailedException e) {
            return WriteOutcome.LOST_RACE;
        }
    }

    @Override
    public Map<NodeId, NodeState> states() {
        Map<NodeId, NodeState> states = new HashMap<>();
        for (NodeStatus status : list(TableSchema.STATUSES, NodeStatusItem::fromItem)) {
            states.put(status.node(), status.state());
        }
        return states;
    }

    @Override
    public List<NodeRecord> nodes() {
        return list(TableSchema.NODES, NodeRecordItem::fromItem);
    }

    private <T> List<T> list(String listKey, Function<Map<String, AttributeValue>, T> codec) {
        return TableLists.read(dynamoDb, table, listKey, codec, onMalformed);
    }
}
