package dev.wgroam.agent.routes;

import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this agent believes the owners are: one versioned entry per prefix. An entry replaces the
 * held one only when its version is newer, so duplicated, late or replayed updates change nothing.
 * A full read from the table also drops prefixes the table no longer has — but only after they are
 * missing from two reads in a row, because the index is eventually consistent and an entry pushed a
 * moment ago may not be in it yet.
 *
 * @param missingOnce prefixes held but absent from the last full read
 */
public record OwnerBook(Map<Cidr, RouteEntry> entries, Set<Cidr> missingOnce) {

    public static final OwnerBook EMPTY = new OwnerBook(Map.of(), Set.of());

    public OwnerBook {
        entries = Map.copyOf(entries);
        missingOnce = Set.copyOf(missingOnce);
    }

    /** How one offered entry fared. */
    public enum Outcome { NEWER, STALE }

    /** The book after a merge, and each offered entry's outcome in order. */
    public record Merge(OwnerBook book, List<Outcome> outcomes) {
    }

    public Merge merge(List<RouteEntry> offered) {
        Map<Cidr, RouteEntry> next = new HashMap<>(entries);
        List<Outcome> outcomes = new ArrayList<>(offered.size());
        for (RouteEntry e : offered) {
            RouteEntry held = next.get(e.prefix());
            if (held == null || e.version() > held.version()) {
                next.put(e.prefix(), e);
                outcomes.add(Outcome.NEWER);
            } else {
                outcomes.add(Outcome.STALE);
            }
        }
        return new Merge(new OwnerBook(next, missingOnce), outcomes);
    }

    /** Merges a full read of the owners and forgets prefixes missing from it twice in a row. */
    public OwnerBook reconcile(List<RouteEntry> fullSet) {
        OwnerBook merged = merge(fullSet).book();
        Set<Cidr> present = new HashSet<>();
        fullSet.forEach(e -> present.add(e.prefix()));
        Map<Cidr, RouteEntry> kept = new HashMap<>();
        Set<Cidr> missing = new HashSet<>();
        merged.entries.forEach((prefix, entry) -> {
            if (present.contains(prefix)) {
                kept.put(prefix, entry);
            } else if (!missingOnce.contains(prefix)) {
                kept.put(prefix, entry);
                missing.add(prefix);
            }
        });
        return new OwnerBook(kept, missing);
    }

    /** The sum of held versions: equal to the table's when this node is in line. */
    public long versionSum() {
        return entries.values().stream().mapToLong(RouteEntry::version).sum();
    }
}
