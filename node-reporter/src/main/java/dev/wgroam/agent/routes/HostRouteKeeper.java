package dev.wgroam.agent.routes;

import dev.wgroam.agent.RouteKeeper;
import dev.wgroam.agent.control.ControlProtocol;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The agent's one path to the host, for pushes and reconciles alike: merge the entries into the
 * owner book by version, derive the desired state, apply the difference to the host. Applying the
 * whole desired state each time makes a lost, late or repeated update harmless. A push diffs against
 * the state this keeper last brought the host to (fast: no reads on the path of a roam); a reconcile
 * reads the host itself, so anything changed by hand is repaired within one interval.
 */
public final class HostRouteKeeper implements RouteKeeper {

    private final NodeId self;
    private final List<Cidr> ownVpcPrefixes;
    private final Interfaces interfaces;
    private final Host host;
    private OwnerBook book = OwnerBook.EMPTY;
    private List<NodeRecord> nodes = List.of();
    /** Whether the last pass managed a prefix: its route is still ours to delete. */
    private Predicate<Cidr> managedBefore = prefix -> false;
    /** Prefixes whose route delete failed; they stay managed until a delete succeeds. */
    private Set<Cidr> failedDeletes = Set.of();
    private AppliedRoutes applied = AppliedRoutes.NONE;
    /** The host as this keeper last left it; null until the first reconcile has read it. */
    private HostState believed;
    private long failedApplies;

    /** @param ownVpcPrefixes this node's own VPC prefixes, which the VPC itself routes */
    public HostRouteKeeper(NodeId self, List<Cidr> ownVpcPrefixes, Interfaces interfaces, Host host) {
        this.self = self;
        this.ownVpcPrefixes = List.copyOf(ownVpcPrefixes);
        this.interfaces = interfaces;
        this.host = host;
    }

    @Override
    public synchronized String applyPushed(List<RouteEntry> entries, Instant now) {
        OwnerBook.Merge merge = book.merge(entries);
        book = merge.book();
        Result result = bringInLine(now, believed == null);
        StringBuilder report = new StringBuilder();
        int newer = 0;
        for (int i = 0; i < entries.size(); i++) {
            RouteEntry e = entries.get(i);
            report.append(e.prefix()).append(" v").append(e.version()).append(' ');
            if (merge.outcomes().get(i) == OwnerBook.Outcome.STALE) {
                report.append("stale, have v").append(book.entries().get(e.prefix()).version());
            } else if (result.desired().refused().contains(e.prefix())) {
                report.append("refused, neither a client /32 nor a VPC prefix of any node");
            } else if (result.desired().ownerUnknown().containsKey(e.prefix())) {
                newer++;
                report.append("held, owner ").append(e.owner().shortForm()).append(" has no node record yet");
            } else {
                newer++;
                report.append("applied, owner ").append(e.owner().equals(self) ? "this node" : e.owner().shortForm());
            }
            report.append('\n');
        }
        result.failures().forEach(f -> report.append("failed: ").append(f).append('\n'));
        String status = result.failures().isEmpty() ? ControlProtocol.OK : ControlProtocol.PARTIAL;
        return status + " " + newer + " of " + entries.size() + " entries newer, " + result.changes() + " host changes, "
                + result.failures().size() + " failed\n" + report;
    }

    @Override
    public synchronized void reconcile(List<RouteEntry> owners, List<NodeRecord> nodeRecords, Instant now) {
        book = book.reconcile(owners);
        nodes = List.copyOf(nodeRecords);
        Result result = bringInLine(now, true);
        if (!result.failures().isEmpty()) {
            throw new IllegalStateException(result.failures().size() + " host changes failed, first: "
                    + result.failures().get(0));
        }
    }

    @Override
    public synchronized AppliedRoutes applied() {
        return applied;
    }

    @Override
    public synchronized long failedApplies() {
        return failedApplies;
    }

    private record Result(DesiredState desired, int changes, List<String> failures) {
    }

    /** Counts the pass as a failed apply unless it brought the host fully in line, a failed read included. */
    private Result bringInLine(Instant now, boolean readHost) {
        boolean inLine = false;
        try {
            Result result = applyDifference(now, readHost);
            inLine = result.failures().isEmpty();
            return result;
        } finally {
            if (!inLine) {
                failedApplies++;
            }
        }
    }

    private Result applyDifference(Instant now, boolean readHost) {
        DesiredState desired = DesiredState.of(self, ownVpcPrefixes, book, nodes, interfaces);
        // Managed: what this pass wants, what the last pass managed, and routes whose delete failed.
        Predicate<Cidr> before = managedBefore;
        Set<Cidr> retried = failedDeletes;
        Predicate<Cidr> managed = prefix -> desired.manages(prefix) || before.test(prefix) || retried.contains(prefix);
        HostState actual = readHost ? host.read() : believed;
        // With no node record at all the read is suspect: never empty the backbone on it.
        List<HostChange> changes = HostDiff.between(actual, desired.state(), managed, !nodes.isEmpty());
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
}
