package dev.wgroam.functions.ownership;

import dev.wgroam.aws.table.TableLists;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.Registry;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.PeerKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

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
    public Registry registry() {
        return TableLists.registry(dynamoDb, table, onMalformed);
    }

    @Override
    public List<Observation> observationsOf(PeerKey client, Collection<NodeId> nodes) {
        List<Map<String, AttributeValue>> keys = nodes.stream().map(node -> ObservationItem.key(node, client)).toList();
        return TableLists.byKeys(dynamoDb, table, keys, ObservationItem::fromItem, onMalformed);
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
    public ForgetOutcome forget(Owner current) {
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                            .key(RegisteredClientItem.key(((Subject.Client) current.subject()).key()))
                            .conditionExpression("attribute_not_exists(#pk)")
                            .expressionAttributeNames(Map.of("#pk", TableSchema.PARTITION_KEY))).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(OwnerItem.key(current.subject()))
                            .conditionExpression("#v = :current")
                            .expressionAttributeNames(Map.of("#v", OwnerItem.VERSION))
                            .expressionAttributeValues(Map.of(":current",
                                    AttributeValue.fromN(Long.toString(current.version()))))).build()));
            return ForgetOutcome.FORGOTTEN;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (!reasons.isEmpty() && CONDITION_FAILED.equals(reasons.get(0).code())) {
                return ForgetOutcome.REGISTERED_AGAIN;
            }
            if (reasons.size() > 1 && CONDITION_FAILED.equals(reasons.get(1).code())) {
                return ForgetOutcome.LOST_RACE;
            }
            throw e;
        }
    }

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    @Override
    public Map<NodeId, NodeState> states() {
        Map<NodeId, NodeState> states = new HashMap<>();
        for (NodeStatus status : TableLists.read(dynamoDb, table, TableSchema.STATUSES, NodeStatusItem::fromItem,
                onMalformed)) {
            states.put(status.node(), status.state());
        }
        return states;
    }
}
