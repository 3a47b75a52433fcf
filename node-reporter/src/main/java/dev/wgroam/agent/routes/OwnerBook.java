package dev.wgroam.agent.routes;

import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What this agent believes the owners are: one versioned entry per prefix, with the owner item's
 * handshake where the table said it. The routes are derived from it, and the reporter reads it to
 * decide which claims can win. A push replaces the
 * held entry only when its version is newer, so duplicated, late or replayed pushes change nothing.
 * The table is the truth: a full read replaces every entry with the table's, and drops what the
 * table does not have — except an entry pushed less than one hold (the reconcile interval) before,
 * with a version above the table's, since the index is eventually consistent and a push may be
 * ahead of it. A push therefore holds a route against the table until the first reconcile at
 * least one interval after it, never longer, whatever its version.
 *
 * @param pushedAt when each entry still ahead of the table was pushed; entries the table confirmed
 *                 are not in it
 */
public record OwnerBook(Map<Cidr, Entry> entries, Map<Cidr, Instant> pushedAt) {

    public static final OwnerBook EMPTY = new OwnerBook(Map.of(), Map.of());

    /**
     * One prefix's believed owner.
     *
     * @param handshake the winning handshake of the client owner item this entry came from;
     *                  {@link Instant#EPOCH} when there is none: a VPC item, or an entry only a push
     *                  told of (a push carries no handshake) until a reconcile reads the table's
     */
    public record Entry(RouteEntry route, Instant handshake) {

        public Entry {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(handshake, "handshake");
        }

        /** An entry without a handshake, as a push brings it. */
        public Entry(RouteEntry route) {
            this(route, Instant.EPOCH);
        }

        /** An owner item as a reconcile reads it; only a client's item carries a handshake the reporter may use. */
        public static Entry read(Owner item) {
            return new Entry(new RouteEntry(item.prefix(), item.node(), item.version()),
                    item.subject() instanceof Subject.Client ? item.handshake() : Instant.EPOCH);
        }

        public Cidr prefix() {
            return route.prefix();
        }

        public NodeId owner() {
            return route.owner();
        }

        public long version() {
            return route.version();
        }
    }

    public OwnerBook {
        entries = Map.copyOf(entries);
        pushedAt = Map.copyOf(pushedAt);
    }

    /** How one offered entry fared. */
    public enum Outcome { NEWER, STALE }

    /** The book after a push, and each offered entry's outcome in order. */
    public record Merge(OwnerBook book, List<Outcome> outcomes) {
    }

    /** Merges pushed entries, each only if newer than the held one, remembering when it came. */
    public Merge push(List<RouteEntry> offered, Instant now) {
        Map<Cidr, Entry> next = new HashMap<>(entries);
        Map<Cidr, Instant> pushed = new HashMap<>(pushedAt);
        List<Outcome> outcomes = new ArrayList<>(offered.size());
        for (RouteEntry e : offered) {
            Entry held = next.get(e.prefix());
            if (held == null || e.version() > held.version()) {
                next.put(e.prefix(), new Entry(e));
                pushed.put(e.prefix(), now);
                outcomes.add(Outcome.NEWER);
            } else {
                outcomes.add(Outcome.STALE);
            }
        }
        return new Merge(new OwnerBook(next, pushed), outcomes);
    }

    /**
     * The book after a full read of the owners at {@code now}: the table's entries with their
     * handshakes (the highest version where it lists a prefix twice), except pushed entries newer
     * than the table's that came less than {@code hold} ago.
     */
    public OwnerBook reconcile(List<Entry> table, Instant now, Duration hold) {
        Map<Cidr, Entry> next = new HashMap<>();
        for (Entry e : table) {
            next.merge(e.prefix(), e, (a, b) -> a.version() >= b.version() ? a : b);
        }
        Map<Cidr, Instant> stillAhead = new HashMap<>();
        pushedAt.forEach((prefix, at) -> {
            Entry pushed = entries.get(prefix);
            Entry read = next.get(prefix);
            boolean ahead = read == null || pushed.version() > read.version();
            if (ahead && now.isBefore(at.plus(hold))) {
                next.put(prefix, pushed);
                stillAhead.put(prefix, at);
            }
        });
        return new OwnerBook(next, stillAhead);
    }

    /** The sum of held versions: equal to the table's when this node is in line; exact, never wrapped. */
    public long versionSum() {
        return AppliedRoutes.sumOf(() -> entries.values().stream().map(Entry::version).iterator());
    }
}
