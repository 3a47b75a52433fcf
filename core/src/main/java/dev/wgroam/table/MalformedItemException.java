package dev.wgroam.table;

/**
 * Thrown when an item read from the table (or from a stream image) lacks an attribute, has one of
 * the wrong type, or holds a value that does not validate. Names the item and the attribute so an
 * operator can find and fix it in the console.
 */
public final class MalformedItemException extends RuntimeException {

    private final String item;
    private final String attribute;

    public MalformedItemException(String item, String attribute, String problem) {
        this(item, attribute, problem, null);
    }

    public MalformedItemException(String item, String attribute, String problem, Throwable cause) {
        super("item " + item + ": attribute '" + attribute + "' " + problem, cause);
        this.item = item;
        this.attribute = attribute;
    }

    /** The item's keys as text, e.g. {@code pk=node#node-a sk=observation#…}. */
    public String item() {
        return item;
    }

    public String attribute() {
        return attribute;
    }
}
