package dev.wgroam.agent.table;

import dev.wgroam.table.MalformedItemException;
import java.util.List;

/** Items read from a list, and the ones that could not be parsed (skipped, never fatal). */
public record TableRead<T>(List<T> items, List<MalformedItemException> malformed) {
    public TableRead {
        items = List.copyOf(items);
        malformed = List.copyOf(malformed);
    }
}
