package dev.wgroam.it;

import static dev.wgroam.it.SampleFleet.CLIENT_1;
import static dev.wgroam.it.SampleFleet.NODE_A;
import static dev.wgroam.it.SampleFleet.NODE_B;
import static dev.wgroam.it.SampleFleet.NODE_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.ownership.Owner;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.TableSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The optimistic version check of owner items, as the ownership function will write them: the
 * first version only where no owner exists, version n+1 only over version n. A writer that lost
 * the race gets ConditionalCheckFailedException carrying the winner's item, and nothing changes.
 */
class OwnerVersionConditionTest {

    /** The condition for the first version of an owner. */
    static final String FIRST_VERSION = "attribute_not_exists(" + TableSchema.PARTITION_KEY + ")";
    /** The condition for version n+1; {@code :expected} is n. */
    static final String NEXT_VERSION = "attribute_not_exists(" + TableSchema.PARTITION_KEY + ") OR "
            + OwnerItem.VERSION + " = :expected";

    @RegisterExtension
    final FreshTable table = new FreshTable();

    private PutItemRequest first(Owner owner) {
        return PutItemRequest.builder().tableName(table.name()).item(OwnerItem.toItem(owner))
                .conditionExpression(FIRST_VERSION)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private PutItemRequest next(Owner owner) {
        return PutItemRequest.builder().tableName(table.name()).item(OwnerItem.toItem(owner))
                .conditionExpression(NEXT_VERSION)
                .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(owner.version() - 1))))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private Owner stored(Owner owner) {
        var response = table.dynamoDb().getItem(b -> b.tableName(table.name())
                .key(OwnerItem.key(owner.subject())).consistentRead(true));
        assertTrue(response.hasItem(), () -> "no owner item for " + owner.subject());
        return OwnerItem.fromItem(response.item());
    }

    @Test
    void firstVersion_isWrittenWhereNoOwnerExists() {
        Owner v1 = SampleFleet.clientOwner(CLIENT_1, NODE_A, 1, null);

        table.dynamoDb().putItem(first(v1));

        assertEquals(v1, stored(v1));
    }

    @Test
    void firstVersion_ofASecondWriter_failsAndLeavesTheFirstInPlace() {
        Owner byFirstWriter = SampleFleet.clientOwner(CLIENT_1, NODE_A, 1, null);
        Owner bySecondWriter = SampleFleet.clientOwner(CLIENT_1, NODE_B, 1, null);
        table.dynamoDb().putItem(first(byFirstWriter));

        var lost = assertThrows(ConditionalCheckFailedException.class, () -> table.dynamoDb().putItem(first(bySecondWriter)));

        assertEquals(byFirstWriter, OwnerItem.fromItem(lost.item()));
        assertEquals(byFirstWriter, stored(byFirstWriter));
    }

    @Test
    void nextVersion_overTheExpectedVersion_succeedsOnce_andAStaleWriterFails() {
        Owner v1 = SampleFleet.clientOwner(CLIENT_1, NODE_A, 1, null);
        table.dynamoDb().putItem(first(v1));
        // Two writers both read version 1 and decide on different successors.
        Owner winner = SampleFleet.clientOwner(CLIENT_1, NODE_B, 2, NODE_A);
        Owner stale = SampleFleet.clientOwner(CLIENT_1, NODE_C, 2, NODE_A);

        table.dynamoDb().putItem(next(winner));
        var lost = assertThrows(ConditionalCheckFailedException.class, () -> table.dynamoDb().putItem(next(stale)));

        assertEquals(winner, OwnerItem.fromItem(lost.item()), "the loser learns the winner's owner");
        assertEquals(winner, stored(winner));
    }

    @Test
    void nextVersion_replayedAfterItWasWritten_fails() {
        Owner v1 = SampleFleet.clientOwner(CLIENT_1, NODE_A, 1, null);
        Owner v2 = SampleFleet.clientOwner(CLIENT_1, NODE_B, 2, NODE_A);
        table.dynamoDb().putItem(first(v1));
        table.dynamoDb().putItem(next(v2));

        assertThrows(ConditionalCheckFailedException.class, () -> table.dynamoDb().putItem(next(v2)));
        assertEquals(v2, stored(v2));
    }

    @Test
    void nextVersion_whereNoOwnerItemExists_isWritten() {
        // The OR admits any version where the owner item is gone (say, deleted by hand);
        // only the first-version condition refuses a second creator.
        Owner v4 = SampleFleet.clientOwner(CLIENT_1, NODE_B, 4, NODE_A);

        table.dynamoDb().putItem(next(v4));

        assertEquals(v4, stored(v4));
    }

    @Test
    void nextVersion_skippingAVersion_fails() {
        Owner v1 = SampleFleet.clientOwner(CLIENT_1, NODE_A, 1, null);
        Owner v3 = SampleFleet.clientOwner(CLIENT_1, NODE_B, 3, NODE_A);
        table.dynamoDb().putItem(first(v1));

        var lost = assertThrows(ConditionalCheckFailedException.class, () -> table.dynamoDb().putItem(next(v3)));

        assertEquals(v1, OwnerItem.fromItem(lost.item()));
        assertEquals(v1, stored(v1));
    }
}
