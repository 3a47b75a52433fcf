package dev.wgroam.agent.table;

import dev.wgroam.table.MalformedItems;
import java.util.Objects;

/**
 * What one read of the table gave, and the items it skipped as malformed: a count and the first
 * few, never every item's exception, so a partition full of junk costs a counter.
 */
public record TableRead<T>(T value, MalformedItems malformed) {
    public TableRead {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(malformed, "malformed");
    }
}
