package dev.wgroam.agent.routes;

import dev.wgroam.agent.RouteKeeper;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The agent's one path to the host, for pushes and reconciles alike: merge the entries into the
 * owner book, derive the desired state from the registry, the book and the node records, apply the
 * difference to the host. Applying the whole desired state each time makes a lost, late or
 * repeated update harmless. A push diffs against the state this keeper last brought the host to
 * (fast: no reads on the path of a roam); a reconcile reads the host itself, so anything changed by
 * hand is repaired within one interval. Until the first reconcile has read the registry, pushes
 * are only remembered: nothing is believed before the registry is known.
 */
public final class HostRouteKeeper implements RouteKeeper {

    /** How many refusals not yet taken for the log are kept; the count has them all. */
    private static final int MAX_PENDING_REFUSALS = 16;

    private final NodeId self;
    private final Duration pushHold;
    private final Interfaces interfaces;
    private final Host host;
    private OwnerBook book = OwnerBook.EMPTY;
    /** Null until the first reconcile: what the operator allows is not known before. */
    private Registry registry;
    private List<NodeRecord> nodes = List.of();
    /** Whether the last pass managed a prefix: its route is still ours to delete. */
    private Predicate<Cidr> managedBefore = prefix -> false;
    /** Prefixes whose route delete failed; they stay managed until a delete succeeds. */
    private Set<Cidr> failedDeletes = Set.of();
    private AppliedRoutes applied = AppliedRoutes.NONE;
    /** The host as this keeper last left it; null until the first reconcile has read it. */
    private HostState believed;
    private long failedApplies;
    private Set<Refusal> refusedLastPass = Set.of();
    private List<Refusal> newlyRefused = List.of();
    private long refusals;
    private boolean servingClients = true;

    /**
     * @param pushHold how long a pushed entry may stand against the table's: the reconcile interval,
     *                 so the first reconcile one interval after a push has the table's word
     */
    public HostRouteKeeper(NodeId self, Duration pushHold, Interfaces interfaces, Host host) {
        this.self = self;
        this.pushHold = pushHold;
        this.interfaces = interfaces;
        this.host = host;
    }

    /**
     * Merges the pushed entries this node may route into the book and brings the host in line. An
     * entry the registry does not allow is refused before the merge, so no push displaces a
     * believed owner with one that is not.
     */
    @Override
    public synchronized PushResult applyPushed(List<RouteEntry> entries, Instant now) {
        if (registry == null) {
            OwnerBook.Merge merge = book.push(entries, now);
            book = merge.book();
            List<PushResult.Pushed> pushed = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                RouteEntry e = entries.get(i);
                pushed.add(new PushResult.Pushed(e, merge.outcomes().get(i) == OwnerBook.Outcome.STALE
                        ? new PushResult.Outcome.Stale(book.entries().get(e.prefix()).version())
                        : new PushResult.Outcome.Held()));
            }
            return new PushResult(pushed, 0, List.of(), true);
        }
        List<Refusal.Reason> screened = entries.stream().map(e -> DesiredState.refusalOf(self, registry, e)).toList();
        List<RouteEntry> believable = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (screened.get(i) == null) {
                believable.add(entries.get(i));
            } else {
                refused.add(new Refusal(entries.get(i).prefix().toString(), screened.get(i)));
            }
        }
        OwnerBook.Merge merge = book.push(believable, now);
        book = merge.book();
        Result result = bringInLine(now, believed == null, refused);
        List<PushResult.Pushed> pushed = new ArrayList<>(entries.size());
        int merged = 0;
        for (int i = 0; i < entries.size(); i++) {
            RouteEntry e = entries.get(i);
            PushResult.Outcome outcome;
            if (screened.get(i) != null) {
                outcome = new PushResult.Outcome.Refused(screened.get(i));
            } else if (merge.outcomes().get(merged++) == OwnerBook.Outcome.STALE) {
                outcome = new PushResult.Outcome.Stale(book.entries().get(e.prefix()).version());
            } else if (result.desired().ownerUnknown().containsKey(e.prefix())) {
                outcome = new PushResult.Outcome.Held();
            } else {
                outcome = new PushResult.Outcome.Applied();
            }
            pushed.add(new PushResult.Pushed(e, outcome));
        }
        return new PushResult(pushed, result.changes(), result.failures(), false);
    }

    @Override
    public synchronized void reconcile(List<OwnerBook.Entry> owners, Registry registry, List<NodeRecord> nodeRecords,
                                       Instant now) {
        book = book.reconcile(owners, now, pushHold);
        this.registry = registry;
        nodes = List.copyOf(nodeRecords);
        Result result = bringInLine(now, true, List.of());
        if (!result.failures().isEmpty()) {
            throw new IllegalStateException(result.failures().size() + " host changes failed, first: "
                    + result.failures().get(0));
        }
    }

    @Override
    public synchronized void serveClients(boolean serve) {
        servingClients = serve;
    }

    @Override
    public synchronized OwnerBook owners() {
        return book;
    }

    @Override
    public synchronized AppliedRoutes applied() {
        return applied;
    }

    @Override
    public synchronized long failedApplies() {
        return failedApplies;
    }

    @Override
    public synchronized long refusals() {
        return refusals;
    }

    @Override
    public synchronized List<Refusal> takeNewRefusals() {
        List<Refusal> taken = newlyRefused;
        newlyRefused = List.of();
        return taken;
    }

    private record Result(DesiredState desired, int changes, List<String> failures) {
    }

    /** Counts the pass as a failed apply unless it brought the host fully in line, a failed read included. */
    private Result bringInLine(Instant now, boolean readHost, List<Refusal> refusedPushes) {
        boolean inLine = false;
        try {
            Result result = applyDifference(now, readHost, refusedPushes);
            inLine = result.failures().isEmpty();
            return result;
        } finally {
            if (!inLine) {
                failedApplies++;
            }
        }
    }

    private Result applyDifference(Instant now, boolean readHost, List<Refusal> refusedPushes) {
        DesiredState desired = DesiredState.of(self, registry, book, nodes, interfaces, servingClients);
        List<Refusal> refusedNow = new ArrayList<>(desired.refusals());
        refusedNow.addAll(refusedPushes);
        countRefusals(refusedNow);
        // Managed: what this pass wants, what the last pass managed, and routes whose delete failed.
        Predicate<Cidr> before = managedBefore;
        Set<Cidr> retried = failedDeletes;
        Predicate<Cidr> managed = prefix -> desired.manages(prefix) || before.test(prefix) || retried.contains(prefix);
        HostState actual = readHost ? host.read() : believed;
        Predicate<Cidr> clientAddress = registry.settings().<Predicate<Cidr>>map(s -> s.clientCidr()::contains)
                .orElse(prefix -> false);
        List<HostChange> changes = HostDiff.between(actual, desired.state(), managed, mayRemovePeers(),
                clientAddress, mayRemoveClientPeers(actual, clientAddress));
        List<String> failures = new ArrayList<>();
        Set<Cidr> stillToDelete = new HashSet<>();
        for (HostChange change : changes) {
            try {
                host.apply(change);
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
                if (change instanceof HostChange.DeleteRoute delete) {
                    stillToDelete.add(delete.prefix());
                }
            }
        }
        // A route whose delete failed stays managed, so the next pass tries again.
        failedDeletes = stillToDelete;
        managedBefore = desired::manages;
        // After a failure the host is not what was wanted: the next pass reads it again.
        believed = failures.isEmpty() ? desired.state() : null;
        Instant changedAt = changes.isEmpty() ? applied.appliedAt() : now;
        applied = new AppliedRoutes(desired.state().routes().size(), book.versionSum(), changedAt);
        return new Result(desired, changes.size(), failures);
    }

    /**
     * Peers the desired state lacks are removed, unless other nodes are approved and not one of
     * their records was read: that read is suspect, and emptying the backbone on it would cut the node off.
     */
    private boolean mayRemovePeers() {
        boolean othersApproved = registry.approvals().keySet().stream().anyMatch(node -> !node.equals(self));
        return !othersApproved || nodes.stream().anyMatch(n -> !n.node().equals(self));
    }

    /**
     * Client peers the registry lacks are removed, unless it holds no client at all while the clients
     * interface has more than one of wg-roam's: a registry read that lost its clients must not cut
     * every client off. Removing the last client (one peer) still works. A drained node removes its watchdog clients.
     */
    private boolean mayRemoveClientPeers(HostState actual, Predicate<Cidr> clientAddress) {
        if (!servingClients) {
            return true;
        }
        long ours = actual.clientPeers().values().stream().filter(ips -> ips.stream().anyMatch(clientAddress)).count();
        return !registry.clients().isEmpty() || ours <= 1;
    }

    /** A refusal counts once, when it first appears; one that stays is not counted again each pass. */
    private void countRefusals(List<Refusal> current) {
        Set<Refusal> now = Set.copyOf(current);
        List<Refusal> fresh = current.stream().filter(r -> !refusedLastPass.contains(r)).toList();
        refusals += fresh.size();
        if (!fresh.isEmpty()) {
            List<Refusal> pending = new ArrayList<>(newlyRefused);
            pending.addAll(fresh);
            // Kept for the log only until the agent takes them; a bound, so nobody's junk grows it.
            newlyRefused = List.copyOf(pending.subList(0, Math.min(pending.size(), MAX_PENDING_REFUSALS)));
        }
        refusedLastPass = now;
    }
}
