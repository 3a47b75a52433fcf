package dev.wgroam.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.ownership.Observation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The junk-in-the-index attack: a node that adds {@code listKey}/{@code listSort} to the items in
 * its own partition would put them into lists every reader queries (owners, approvals, clients).
 * Nothing a node writes carries them, IAM lets no node write them, and a reader that meets one on
 * a node's item refuses the item.
 */
class ForgedIndexEntryTest implements Records.Providers {

    static Stream<Arguments> forgedListings() {
        return Stream.of(SampleItem.OBSERVATION, SampleItem.NODE, SampleItem.FLEET).flatMap(sample -> Stream.of(
                arguments(sample, "listKey", "owners"),
                arguments(sample, "listKey", "approvals"),
                arguments(sample, "listKey", "clients"),
                arguments(sample, "listKey", "statuses"),
                arguments(sample, "listKey", ""),
                arguments(sample, "listSort", "client#" + Samples.CLIENT_KEY),
                arguments(sample, "listSort", "node#node-a")));
    }

    @ParameterizedTest(name = "{0} with {1}={2}")
    @MethodSource("forgedListings")
    void fromItem_whenAnUnlistedItemNamesAList_refusesTheItem(SampleItem sample, String attribute, String value) {
        Map<String, AttributeValue> forged = new HashMap<>(sample.item());
        forged.put(attribute, AttributeValue.fromS(value));

        MalformedItemException e = assertThrows(MalformedItemException.class, () -> sample.decode(forged));
        assertEquals(attribute, e.attribute(), e.getMessage());
    }

    @Property
    void nodeRecordItem_isInNoList_andRefusedWithAListKey(@ForAll("nodeRecords") NodeRecord record,
                                                          @ForAll("listKeys") String listKey) {
        Map<String, AttributeValue> item = NodeRecordItem.toItem(record);
        assertFalse(item.containsKey("listKey") || item.containsKey("listSort"), item.keySet().toString());
        assertRefusedWhenListed(item, listKey, NodeRecordItem::fromItem);
    }

    @Property
    void observationItem_isInNoList_andRefusedWithAListKey(@ForAll("observations") Observation observation,
                                                           @ForAll("listKeys") String listKey) {
        Map<String, AttributeValue> item = ObservationItem.toItem(observation);
        assertFalse(item.containsKey("listKey") || item.containsKey("listSort"), item.keySet().toString());
        assertRefusedWhenListed(item, listKey, ObservationItem::fromItem);
    }

    @Provide
    Arbitrary<String> listKeys() {
        return Arbitraries.oneOf(Arbitraries.of(TableSchema.OWNERS, TableSchema.STATUSES, TableSchema.APPROVALS,
                TableSchema.CLIENTS, "nodes"), Arbitraries.strings().ofMaxLength(40));
    }

    private static void assertRefusedWhenListed(Map<String, AttributeValue> item, String listKey,
                                                Function<Map<String, AttributeValue>, ?> fromItem) {
        for (String attribute : List.of("listKey", "listSort")) {
            Map<String, AttributeValue> forged = new HashMap<>(item);
            forged.put(attribute, AttributeValue.fromS(listKey));
            assertEquals(attribute, assertThrows(MalformedItemException.class, () -> fromItem.apply(forged)).attribute());
        }
    }
}
