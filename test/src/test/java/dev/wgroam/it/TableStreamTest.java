package dev.wgroam.it;

import static dev.wgroam.it.SampleFleet.CLIENT_1;
import static dev.wgroam.it.SampleFleet.NODE_A;
import static dev.wgroam.it.SampleFleet.NODE_B;
import static dev.wgroam.it.SampleFleet.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.table.ItemKind;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The table's stream as the ownership function's poller will read it. The streams client of SDK
 * v2 returns images as maps of {@code software.amazon.awssdk.services.dynamodb.model.AttributeValue},
 * the very type the codecs read, so stream images decode with {@code fromItem} unconverted.
 */
class TableStreamTest {

    @RegisterExtension
    final FreshTable table = new FreshTable();

    private void put(Map<String, AttributeValue> item) {
        table.dynamoDb().putItem(b -> b.tableName(table.name()).item(item));
    }

    private List<Record> records() {
        return StreamRecords.readAll(table.streams(), table.streamArn());
    }

    @Test
    void everyRecord_carriesNewAndOldImages_inWriteOrder() {
        put(ObservationItem.toItem(SampleFleet.observation(NODE_A, CLIENT_1, T0)));
        put(OwnerItem.toItem(SampleFleet.clientOwner(CLIENT_1, NODE_A, 1, null)));
        put(ObservationItem.toItem(SampleFleet.observation(NODE_A, CLIENT_1, T0.plusSeconds(120))));

        List<Record> records = records();

        assertEquals(List.of("INSERT", "INSERT", "MODIFY"), records.stream().map(Record::eventNameAsString).toList());
        assertEquals(List.of(ItemKind.OBSERVATION, ItemKind.OWNER, ItemKind.OBSERVATION),
                records.stream().map(r -> ItemKind.of(r.dynamodb().newImage())).toList());
        for (Record record : records) {
            assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, record.dynamodb().streamViewType(), record::toString);
            assertEquals("aws:dynamodb", record.eventSource());
        }
    }

    @Test
    void insertOfAnObservation_hasKeysAndANewImageThatDecodes_andNoOldImage() {
        Observation written = SampleFleet.observation(NODE_B, CLIENT_1, T0);
        put(ObservationItem.toItem(written));

        List<Record> records = records();

        assertEquals(1, records.size(), () -> "records: " + records);
        StreamRecord change = records.getFirst().dynamodb();
        assertEquals("INSERT", records.getFirst().eventNameAsString());
        assertEquals(ObservationItem.key(NODE_B.id(), CLIENT_1), change.keys());
        assertEquals(written, ObservationItem.fromItem(change.newImage()));
        assertFalse(change.hasOldImage(), () -> "old image of an insert: " + change.oldImage());
    }

    @Test
    void modifyOfAnObservation_hasTheOldImageBesideTheNew() {
        Observation before = SampleFleet.observation(NODE_A, CLIENT_1, T0);
        Observation after = SampleFleet.observation(NODE_A, CLIENT_1, T0.plusSeconds(125));
        put(ObservationItem.toItem(before));
        put(ObservationItem.toItem(after));

        Record modify = records().getLast();

        assertEquals("MODIFY", modify.eventNameAsString());
        assertTrue(modify.dynamodb().hasOldImage(), modify::toString);
        assertEquals(before, ObservationItem.fromItem(modify.dynamodb().oldImage()));
        assertEquals(after, ObservationItem.fromItem(modify.dynamodb().newImage()));
    }

    @Test
    void ownerChange_showsBothVersionsInOneRecord() {
        Owner v1 = SampleFleet.clientOwner(CLIENT_1, NODE_A, 1, null);
        Owner v2 = SampleFleet.clientOwner(CLIENT_1, NODE_B, 2, NODE_A);
        put(OwnerItem.toItem(v1));
        put(OwnerItem.toItem(v2));

        Record modify = records().getLast();

        assertEquals("MODIFY", modify.eventNameAsString());
        assertEquals(v1, OwnerItem.fromItem(modify.dynamodb().oldImage()));
        assertEquals(v2, OwnerItem.fromItem(modify.dynamodb().newImage()));
    }

    /** As AWS documents for DynamoDB Streams: a write that changes nothing makes no record. */
    @Test
    void rewriteOfAnIdenticalItem_isNotRecorded() {
        Map<String, AttributeValue> item = ObservationItem.toItem(SampleFleet.observation(NODE_A, CLIENT_1, T0));
        put(item);
        put(item);

        assertEquals(List.of("INSERT"), records().stream().map(Record::eventNameAsString).toList());
    }

    @Test
    void deleteOfAnObservation_hasTheOldImageOnly() {
        Observation written = SampleFleet.observation(NODE_A, CLIENT_1, T0);
        put(ObservationItem.toItem(written));
        table.dynamoDb().deleteItem(b -> b.tableName(table.name()).key(ObservationItem.key(NODE_A.id(), CLIENT_1)));

        Record remove = records().getLast();

        assertEquals("REMOVE", remove.eventNameAsString());
        assertEquals(written, ObservationItem.fromItem(remove.dynamodb().oldImage()));
        assertFalse(remove.dynamodb().hasNewImage(), remove::toString);
    }
}
