package dev.wgroam.table;

import dev.wgroam.text.Printable;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The kinds of item in the table, as the {@code kind} attribute names them. */
public enum ItemKind {
    /** What a node saw of a client; written by that node. */
    OBSERVATION("observation"),
    /** What a node says of itself; written by that node. */
    NODE("node"),
    /** Who routes a prefix; written by the ownership function. */
    OWNER("owner"),
    /** What failover says of a node; written by the failover function of the node's region. */
    STATUS("status"),
    /** The fleet's settings; written by the operator. */
    FLEET("fleet"),
    /** What a node may route; written by the operator. */
    APPROVAL("approval"),
    /** A registered client; written by the operator. */
    CLIENT("client"),
    /** A client's hold on its address or name, so no two clients share one; written by the operator. */
    CLAIM("claim");

    private final String attributeValue;

    ItemKind(String attributeValue) {
        this.attributeValue = attributeValue;
    }

    public String attributeValue() {
        return attributeValue;
    }

    /** The kind of an item, e.g. a stream record's image; unknown kinds are malformed items. */
    public static ItemKind of(Map<String, AttributeValue> item) {
        return kindOf(new ItemReader(item));
    }

    static ItemKind kindOf(ItemReader reader) {
        String kind = reader.string(TableSchema.KIND);
        for (ItemKind candidate : values()) {
            if (candidate.attributeValue.equals(kind)) {
                return candidate;
            }
        }
        throw reader.malformed(TableSchema.KIND, "names no known item kind: " + Printable.quote(kind));
    }
}
