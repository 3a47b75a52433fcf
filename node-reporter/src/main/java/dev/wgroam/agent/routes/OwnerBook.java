package dev.wgroam.agent.routes;

import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this agent believes the owners are: one versioned entry per prefix. A push replaces the
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
public record OwnerBook(Map<Cidr, RouteEntry> entries, Map<Cidr, Instant> pushedAt) {

    public static final OwnerBook EMPTY = new OwnerBook(Map.of(), Map.of());

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
        Map<Cidr, RouteEntry> next = new HashMap<>(entries);
        Map<Cidr, Instant> pushed = new HashMap<>(pushedAt);
        List<Outcome> outcomes = new ArrayList<>(offered.size());
        for (RouteEntry e : offered) {
            RouteEntry held = next.get(e.prefix());
            if (held == null || e.version() > held.version()) {
                next.put(e.prefix(), e);
                pushed.put(e.prefix(), now);
                outcomes.add(Outcome.NEWER);
            } else {
                outcomes.add(Outcome.STALE);
            }
        }
        return new Merge(new OwnerBook(next, pushed), outcomes);
    }

    /**
     * The book after a full read of the owners at {@code now}: the table's entries (the highest
     * version where it lists a prefix twice), except pushed entries newer than the table's that
     * came less than {@code hold} ago.
     */
    public OwnerBook reconcile(List<RouteEntry> table, Instant now, Duration hold) {
        Map<Cidr, RouteEntry> next = new HashMap<>();
        for (RouteEntry e : table) {
            next.merge(e.prefix(), e, (a, b) -> a.version() >= b.version() ? a : b);
        }
        Map<Cidr, Instant> stillAhead = new HashMap<>();
        pushedAt.forEach((prefix, at) -> {
            RouteEntry pushed = entries.get(prefix);
            RouteEntry read = next.get(prefix);
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
        return AppliedRoutes.sumOf(() -> entries.values().stream().map(RouteEntry::version).iterator());
    }
}
