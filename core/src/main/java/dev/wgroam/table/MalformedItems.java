package dev.wgroam.table;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Items a read skipped as malformed: how many, and the first few to log. Bounded, so a partition
 * full of junk costs a counter, not a heap of exceptions. Not thread-safe: one per read.
 */
public final class MalformedItems implements Consumer<MalformedItemException> {

    public static final int KEPT = 3;

    private final List<MalformedItemException> first = new ArrayList<>(KEPT);
    private long count;

    @Override
    public void accept(MalformedItemException e) {
        count++;
        if (first.size() < KEPT) {
            first.add(e);
        }
    }

    public long count() {
        return count;
    }

    /** The first {@value #KEPT} at most, in the order met. */
    public List<MalformedItemException> first() {
        return List.copyOf(first);
    }

    /** One line for a log: the count and the first problem; empty when nothing was skipped. */
    public String summary() {
        return count == 0 ? "" : count + " malformed items skipped, first: " + first.get(0).getMessage();
    }
}
