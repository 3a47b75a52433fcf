package dev.wgroam.table;

import dev.wgroam.text.Printable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads typed attributes from one item; every problem becomes a {@link MalformedItemException}. */
final class ItemReader {

    private final Map<String, AttributeValue> item;

    ItemReader(Map<String, AttributeValue> item) {
        this.item = item == null ? Map.of() : item;
    }

    /** A reader for an item that must be of {@code kind}; checks the kind before anything else. */
    static ItemReader forKind(Map<String, AttributeValue> item, ItemKind kind) {
        if (item == null) {
            throw new MalformedItemException("(no item)", TableSchema.KIND, "is missing: there is no item at all");
        }
        ItemReader reader = new ItemReader(item);
        ItemKind actual = ItemKind.kindOf(reader);
        if (actual != kind) {
            throw reader.malformed(TableSchema.KIND, "is " + actual.attributeValue() + ", expected " + kind.attributeValue());
        }
        return reader;
    }

    static String describe(Map<String, AttributeValue> item) {
        if (item == null) {
            return "(no item)";
        }
        return "pk=" + Printable.quote(plain(item.get(TableSchema.PARTITION_KEY)))
                + " sk=" + Printable.quote(plain(item.get(TableSchema.SORT_KEY)));
    }

    private static String plain(AttributeValue value) {
        return value == null ? null : value.s();
    }

    /** The item's keys as text, for error messages only: built when something is wrong, not per read. */
    String description() {
        return describe(item);
    }

    String string(String name) {
        AttributeValue value = present(name);
        if (value.s() == null) {
            throw malformed(name, "is not a string (S)");
        }
        return value.s();
    }

    /** A string attribute that may be absent; absent reads as the empty string. */
    String stringOrEmpty(String name) {
        return item.containsKey(name) ? string(name) : "";
    }

    long number(String name) {
        AttributeValue value = present(name);
        if (value.n() == null) {
            throw malformed(name, "is not a number (N)");
        }
        try {
            return Long.parseLong(value.n());
        } catch (NumberFormatException e) {
            throw new MalformedItemException(description(), name, "is not a whole number: " + Printable.quote(value.n()), e);
        }
    }

    /** A whole number of at least {@code min}: a counter or sum from 0, a version from 1. */
    long number(String name, long min) {
        long value = number(name);
        if (value < min) {
            throw malformed(name, "is below " + min + ": " + value);
        }
        return value;
    }

    /** A whole number of at least {@code min} that fits an int. */
    int smallNumber(String name, int min) {
        long value = number(name, min);
        if (value > Integer.MAX_VALUE) {
            throw malformed(name, "is out of range: " + value);
        }
        return (int) value;
    }

    boolean has(String name) {
        return item.containsKey(name);
    }

    /** A boolean attribute that may be absent; absent reads as false. */
    boolean boolOrFalse(String name) {
        return item.containsKey(name) && bool(name);
    }

    boolean bool(String name) {
        AttributeValue value = present(name);
        if (value.bool() == null) {
            throw malformed(name, "is not a boolean (BOOL)");
        }
        return value.bool();
    }

    Instant epochSeconds(String name) {
        long seconds = number(name);
        if (seconds < 0 || seconds > TableSchema.MAX_EPOCH_SECONDS) {
            throw malformed(name, "is not a plausible epoch time in seconds: " + seconds);
        }
        return Instant.ofEpochSecond(seconds);
    }

    /** A string attribute parsed into a value type, whose validation errors name this item. */
    <T> T parsed(String name, Function<String, T> parser) {
        return convert(name, string(name), parser);
    }

    /** A list of strings (L of S), each parsed; an absent attribute is an empty list. */
    <T> List<T> parsedList(String name, Function<String, T> parser) {
        if (!item.containsKey(name)) {
            return List.of();
        }
        AttributeValue value = item.get(name);
        if (value == null || !value.hasL()) {
            throw malformed(name, "is not a list (L)");
        }
        List<T> out = new ArrayList<>(value.l().size());
        for (AttributeValue element : value.l()) {
            if (element == null || element.s() == null) {
                throw malformed(name, "holds an element that is not a string");
            }
            out.add(convert(name, element.s(), parser));
        }
        return out;
    }

    /**
     * Returns {@code decoded} if the item's keys are the ones its own codec gives it. The keys are
     * what IAM confines a node to ({@code dynamodb:LeadingKeys}) and what the list index is queried
     * by, so an attribute that disagrees with them (a node id under another node's partition key)
     * would let one node speak for another.
     */
    <T> T keyedAs(T decoded, ItemKeys expected) {
        expectKey(TableSchema.PARTITION_KEY, expected.partitionKey());
        expectKey(TableSchema.SORT_KEY, expected.sortKey());
        if (expected.listed()) {
            expectKey(TableSchema.LIST_KEY, expected.listKey());
            expectKey(TableSchema.LIST_SORT, expected.listSort());
        } else {
            expectAbsent(TableSchema.LIST_KEY);
            expectAbsent(TableSchema.LIST_SORT);
        }
        return decoded;
    }

    private void expectAbsent(String name) {
        if (item.containsKey(name)) {
            throw malformed(name, "is present, but this kind of item is in no list");
        }
    }

    private void expectKey(String name, String wanted) {
        String actual = string(name);
        if (!actual.equals(wanted)) {
            throw malformed(name, "is " + Printable.quote(actual) + " but the item's content puts it under "
                    + Printable.quote(wanted));
        }
    }

    /** Reads a value type, turning its validation error into one that names the item. */
    <A, T> T convert(String name, A value, Function<A, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedItemException(description(), name, "is invalid: " + e.getMessage(), e);
        }
    }

    private AttributeValue present(String name) {
        AttributeValue value = item.get(name);
        if (value == null || Boolean.TRUE.equals(value.nul())) {
            throw malformed(name, "is missing");
        }
        return value;
    }

    MalformedItemException malformed(String name, String problem) {
        return new MalformedItemException(description(), name, problem);
    }
}
