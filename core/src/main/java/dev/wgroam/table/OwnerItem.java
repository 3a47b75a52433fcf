package dev.wgroam.table;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps an {@link Owner} to and from its item. */
public final class OwnerItem {

    static final String SUBJECT = "subject";
    static final String PREFIX = "prefix";
    static final String OWNER = "owner";
    static final String OWNER_NAME = "ownerName";
    static final String HANDSHAKE = "handshake";
    /** The optimistic-lock attribute: a write of version n+1 is conditional on version n. */
    public static final String VERSION = "version";
    static final String CHANGED_AT = "changedAt";
    static final String PREVIOUS_OWNER = "previousOwner";
    private static final String OWNER_SORT_KEY = "owner";

    private OwnerItem() {
    }

    public static Map<String, AttributeValue> key(Subject subject) {
        return keys(subject).primaryKey();
    }

    private static ItemKeys keys(Subject subject) {
        return new ItemKeys(TableSchema.OWNER_PREFIX + subject.id(), OWNER_SORT_KEY, TableSchema.OWNERS, subject.id());
    }

    public static Map<String, AttributeValue> toItem(Owner o) {
        ItemWriter w = new ItemWriter()
                .keys(ItemKind.OWNER, keys(o.subject()))
                .string(SUBJECT, o.subject().id())
                .string(PREFIX, o.prefix())
                .string(OWNER, o.node())
                .string(OWNER_NAME, o.nodeName())
                .number(VERSION, o.version())
                .time(CHANGED_AT, o.changedAt());
        if (o.subject() instanceof Subject.Client) {
            w.time(HANDSHAKE, o.handshake());
        }
        if (o.previousNode() != null) {
            w.string(PREVIOUS_OWNER, o.previousNode());
        }
        return w.build();
    }

    public static Owner fromItem(Map<String, AttributeValue> item) {
        ItemReader r = ItemReader.forKind(item, ItemKind.OWNER);
        Subject subject = r.parsed(SUBJECT, Subject::parse);
        long version = r.number(VERSION, 1);
        if (version > RouteEntry.MAX_VERSION) {
            throw r.malformed(VERSION, "is above the largest version " + RouteEntry.MAX_VERSION + ": " + version);
        }
        Cidr prefix = r.parsed(PREFIX, Cidr::parse);
        if (subject instanceof Subject.Vpc vpc && !vpc.prefix().equals(prefix)) {
            throw r.malformed(PREFIX, "differs from the VPC subject's prefix " + vpc.prefix());
        }
        String previous = r.stringOrEmpty(PREVIOUS_OWNER);
        Owner owner = new Owner(subject, prefix,
                r.parsed(OWNER, NodeId::new),
                r.parsed(OWNER_NAME, NodeName::new),
                subject instanceof Subject.Client ? r.epochSeconds(HANDSHAKE) : Instant.EPOCH,
                version,
                r.epochSeconds(CHANGED_AT),
                previous.isEmpty() ? null : r.convert(PREVIOUS_OWNER, previous, NodeId::new));
        return r.keyedAs(owner, keys(subject));
    }
}
