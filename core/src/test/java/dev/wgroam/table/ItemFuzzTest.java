package dev.wgroam.table;

import static dev.wgroam.text.PrintableAssertions.assertNoControlCharacters;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Arbitrary attribute maps, mostly valid items with a few attributes removed, replaced or added
 * (names from the real attribute set and junk, values of any type and content). Every codec must
 * either decode them or throw a {@link MalformedItemException}; what it decodes must be an item
 * the codec would itself write.
 */
class ItemFuzzTest {

    /** Every attribute name any codec writes, taken from the sample items. */
    private static final List<String> NAMES = Stream.of(SampleItem.values())
            .flatMap(sample -> sample.item().keySet().stream())
            .collect(Collectors.toCollection(TreeSet::new)).stream().toList();

    private static <T> void assertDecodesOrRejects(Map<String, AttributeValue> item,
                                                   Function<Map<String, AttributeValue>, T> fromItem,
                                                   Function<T, Map<String, AttributeValue>> toItem) {
        T decoded;
        try {
            decoded = fromItem.apply(item);
        } catch (MalformedItemException e) {
            Statistics.collect("rejected");
            assertNoControlCharacters(e.getMessage());
            return;
        }
        Statistics.collect("decoded");
        assertEquals(decoded, fromItem.apply(toItem.apply(decoded)));
        for (String key : SampleItem.KEY_ATTRIBUTES) {
            assertEquals(toItem.apply(decoded).get(key), item.get(key), key);
        }
    }

    @Property
    void observationFromItem_onArbitraryItems_decodesOrThrowsMalformedItem(@ForAll("observationItems") Map<String, AttributeValue> item) {
        assertDecodesOrRejects(item, ObservationItem::fromItem, ObservationItem::toItem);
    }

    @Property
    void nodeRecordFromItem_onArbitraryItems_decodesOrThrowsMalformedItem(@ForAll("nodeRecordItems") Map<String, AttributeValue> item) {
        assertDecodesOrRejects(item, NodeRecordItem::fromItem, NodeRecordItem::toItem);
    }

    @Property
    void ownerFromItem_onArbitraryItems_decodesOrThrowsMalformedItem(@ForAll("ownerItems") Map<String, AttributeValue> item) {
        assertDecodesOrRejects(item, OwnerItem::fromItem, OwnerItem::toItem);
    }

    @Property
    void nodeStatusFromItem_onArbitraryItems_decodesOrThrowsMalformedItem(@ForAll("statusItems") Map<String, AttributeValue> item) {
        assertDecodesOrRejects(item, NodeStatusItem::fromItem, NodeStatusItem::toItem);
    }

    @Property
    void fleetSettingsFromItem_onArbitraryItems_decodesOrThrowsMalformedItem(@ForAll("fleetItems") Map<String, AttributeValue> item) {
        assertDecodesOrRejects(item, FleetSettingsItem::fromItem, f -> FleetSettingsItem.toItem(f, Samples.T0));
    }

    @Property
    void approvalFromItem_onArbitraryItems_decodesOrThrowsMalformedItem(@ForAll("approvalItems") Map<String, AttributeValue> item) {
        assertDecodesOrRejects(item, NodeApprovalItem::fromItem, NodeApprovalItem::toItem);
    }

    @Property
    void clientFromItem_onArbitraryItems_decodesOrThrowsMalformedItem(@ForAll("clientItems") Map<String, AttributeValue> item) {
        assertDecodesOrRejects(item, RegisteredClientItem::fromItem, RegisteredClientItem::toItem);
    }

    @Property
    void itemKindOf_onArbitraryItems_readsAKindOrThrowsMalformedItem(@ForAll("anyItems") Map<String, AttributeValue> item) {
        try {
            ItemKind kind = ItemKind.of(item);
            assertEquals(kind.attributeValue(), item.get("kind").s());
        } catch (MalformedItemException e) {
            assertNoControlCharacters(e.getMessage());
        }
    }

    @Provide
    Arbitrary<Map<String, AttributeValue>> observationItems() {
        return mutated(Records.observations().map(ObservationItem::toItem));
    }

    @Provide
    Arbitrary<Map<String, AttributeValue>> nodeRecordItems() {
        return mutated(Records.nodeRecords().map(NodeRecordItem::toItem));
    }

    @Provide
    Arbitrary<Map<String, AttributeValue>> ownerItems() {
        return mutated(Records.owners().map(OwnerItem::toItem));
    }

    @Provide
    Arbitrary<Map<String, AttributeValue>> statusItems() {
        return mutated(Records.statuses().map(NodeStatusItem::toItem));
    }

    @Provide
    Arbitrary<Map<String, AttributeValue>> fleetItems() {
        return mutated(Records.fleetSettings().map(f -> FleetSettingsItem.toItem(f, Samples.T0)));
    }

    @Provide
    Arbitrary<Map<String, AttributeValue>> approvalItems() {
        return mutated(Records.approvals().map(NodeApprovalItem::toItem));
    }

    @Provide
    Arbitrary<Map<String, AttributeValue>> clientItems() {
        return mutated(Records.clients().map(RegisteredClientItem::toItem));
    }

    @Provide
    Arbitrary<Map<String, AttributeValue>> anyItems() {
        Arbitrary<Map<String, AttributeValue>> valid = Arbitraries.oneOf(List.of(
                Records.observations().map(ObservationItem::toItem), Records.nodeRecords().map(NodeRecordItem::toItem),
                Records.owners().map(OwnerItem::toItem), Records.statuses().map(NodeStatusItem::toItem),
                Records.fleetSettings().map(f -> FleetSettingsItem.toItem(f, Samples.T0)),
                Records.approvals().map(NodeApprovalItem::toItem), Records.clients().map(RegisteredClientItem::toItem)));
        return mutated(valid);
    }

    enum Action { REMOVE, PUT_ANY, PUT_SAME_TYPE }

    /**
     * A change to an item: remove an attribute, put any value (possibly a Java null) under it, or
     * put a value of the type it has with other contents ({@code text}, {@code number},
     * {@code list}). The attribute is mostly one the item has ({@code pick} indexes its sorted
     * names), so that the change lands where the codec reads; otherwise {@code otherName}.
     */
    record Mutation(int pick, boolean own, String otherName, Action action, AttributeValue any, String text,
                    String number, List<AttributeValue> list) {
        void applyTo(Map<String, AttributeValue> item) {
            List<String> names = item.keySet().stream().sorted().toList();
            String name = own && !names.isEmpty() ? names.get(pick % names.size()) : otherName;
            AttributeValue old = item.get(name);
            switch (action) {
                case REMOVE -> item.remove(name);
                case PUT_ANY -> item.put(name, any);
                case PUT_SAME_TYPE -> item.put(name, old == null ? any
                        : old.s() != null ? AttributeValue.fromS(text)
                        : old.n() != null ? AttributeValue.fromN(number)
                        : old.hasL() ? AttributeValue.fromL(list)
                        : old.bool() != null ? AttributeValue.fromBool(!old.bool())
                        : any);
            }
        }
    }

    private static Arbitrary<Map<String, AttributeValue>> mutated(Arbitrary<Map<String, AttributeValue>> valid) {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 1000),
                        Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)), names(),
                        Arbitraries.frequency(Tuple.of(1, Action.REMOVE), Tuple.of(2, Action.PUT_ANY),
                                Tuple.of(3, Action.PUT_SAME_TYPE)),
                        values(), texts(), numbers(), listElements().filter(l -> !l.isEmpty()))
                .as(Mutation::new);
        Arbitrary<Map<String, AttributeValue>> edited = Combinators.combine(valid, mutation.list().ofMinSize(1).ofMaxSize(2))
                .as((item, mutations) -> {
                    Map<String, AttributeValue> out = new HashMap<>(item);
                    mutations.forEach(m -> m.applyTo(out));
                    return out;
                });
        Arbitrary<Map<String, AttributeValue>> scratch = Arbitraries.maps(names(), values()).ofMaxSize(25)
                .map(HashMap::new);
        return Arbitraries.frequencyOf(Tuple.of(1, valid.map(HashMap::new)), Tuple.of(12, edited), Tuple.of(2, scratch),
                Tuple.of(1, Arbitraries.just(Map.of())));
    }

    private static Arbitrary<String> names() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(NAMES)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12)),
                Tuple.of(1, Arbitraries.of(NAMES).map(String::toUpperCase)));
    }

    private static Arbitrary<String> texts() {
        List<String> plausible = Stream.of(SampleItem.values())
                .flatMap(sample -> sample.item().values().stream())
                .map(AttributeValue::s).filter(Objects::nonNull).distinct().toList();
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(plausible)),
                Tuple.of(1, Arbitraries.of("observation", "node", "owner", "status", "fleet", "approval", "client", "claim",
                        "ACTIVE", "DRAINED", "FAILED", "owners", "approvals", "clients", "169.254.169.254/32",
                        "", "client#", "vpc#", "node#", "owner#client#", "status#", "vpc#10.8.0.0/16",
                        "client#" + Samples.OTHER_KEY, "0.0.0.0/0", "10.50.0.7/32")),
                Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u00ff').withChars("\u2028\u202e").ofMaxLength(60)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(2000)));
    }

    private static Arbitrary<String> numbers() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(2, Arbitraries.longs().between(-2, 300).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("253402300799", "253402300800", "2147483648", "9223372036854775808",
                        "-9223372036854775809", "1.5", "1e3", "-0", "+1", " 1", "", "NaN", "0x10", "\u0661")),
                Tuple.of(1, texts()));
    }

    /** Elements of a list: strings, numbers, booleans and Java nulls. */
    private static Arbitrary<List<AttributeValue>> listElements() {
        Arbitrary<AttributeValue> element = Arbitraries.frequencyOf(
                Tuple.of(4, texts().map(AttributeValue::fromS)),
                Tuple.of(1, numbers().map(AttributeValue::fromN)),
                Tuple.of(1, Arbitraries.of(true, false).map(AttributeValue::fromBool)));
        return element.injectNull(0.4).list().ofMaxSize(4);
    }

    private static Arbitrary<AttributeValue> values() {
        Arbitrary<AttributeValue> strings = texts().map(AttributeValue::fromS);
        Arbitrary<AttributeValue> numbers = numbers().map(AttributeValue::fromN);
        Arbitrary<AttributeValue> scalars = Arbitraries.oneOf(strings, numbers,
                Arbitraries.of(true, false).map(AttributeValue::fromBool));
        Arbitrary<AttributeValue> lists = listElements().map(AttributeValue::fromL);
        return Arbitraries.frequencyOf(
                Tuple.of(4, strings),
                Tuple.of(3, numbers),
                Tuple.of(1, Arbitraries.of(true, false).map(AttributeValue::fromBool)),
                Tuple.of(1, Arbitraries.of(true, false).map(AttributeValue::fromNul)),
                Tuple.of(3, lists),
                Tuple.of(1, Arbitraries.maps(texts(), scalars).ofMaxSize(3).map(AttributeValue::fromM)),
                Tuple.of(1, texts().list().ofMaxSize(3).map(AttributeValue::fromSs)),
                Tuple.of(1, numbers().list().ofMaxSize(3).map(AttributeValue::fromNs)),
                Tuple.of(1, texts().map(t -> AttributeValue.fromB(SdkBytes.fromUtf8String(t)))),
                Tuple.of(1, Arbitraries.just(AttributeValue.builder().build())),
                Tuple.of(1, Arbitraries.just((AttributeValue) null)));
    }
}
