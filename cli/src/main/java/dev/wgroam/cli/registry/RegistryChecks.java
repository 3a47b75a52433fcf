package dev.wgroam.cli.registry;

import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks a registry write passes before it is written, as pure functions of what is written
 * now: the write must be believed by {@link Registry#of} as asked, and must not make anything that
 * is believed now stop being believed. A refusal is the message for the operator.
 */
final class RegistryChecks {

    /** Refusal lines quoted in one message; the rest are counted. */
    private static final int SHOWN = 3;

    private RegistryChecks() {
    }

    /** Why {@code next} cannot replace the fleet settings, or empty when it can. */
    static Optional<String> fleetChange(RegistryContents now, FleetSettings next) {
        Registry after = Registry.of(next, now.approvals(), now.clients());
        // Before any settings nothing is believed; then everything written must be believed after.
        Registry before = now.believed();
        Collection<NodeApproval> kept = now.settings().isPresent() ? before.approvals().values() : now.approvals();
        Collection<RegisteredClient> keptClients = now.settings().isPresent() ? before.clients().values() : now.clients();
        List<String> problems = new ArrayList<>();
        for (NodeApproval a : kept) {
            Optional<NodeApproval> still = after.approval(a.node());
            if (still.isEmpty() || !still.get().vpcCidrs().equals(a.vpcCidrs())) {
                problems.add("node " + a.name());
            }
        }
        List<String> unusable = new ArrayList<>();
        for (RegisteredClient c : keptClients) {
            boolean believed = after.client(c.key()).isPresent();
            // Registry.of says why a client is left out; inside the CIDR, an address may still be no client's.
            Optional<String> unfit = believed ? ClientAddresses.refusal(next.clientCidr(), c.address()) : Optional.empty();
            if (!believed || unfit.isPresent()) {
                problems.add("client " + c.name());
                unfit.ifPresent(why -> unusable.add("client " + c.name() + ": " + why));
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        List<String> why = new ArrayList<>(fresh(after, before));
        why.addAll(unusable);
        return Optional.of("these settings would leave out " + shown(problems) + ": " + shown(why));
    }

    /**
     * Why {@code approval} cannot be written, or empty when it can: the fleet settings exist, its
     * name is no other node's, and with it in place of the node's current approval every consumer
     * believes it with all its VPC CIDRs and still believes every other approval as now.
     */
    static Optional<String> approval(RegistryContents now, NodeApproval approval) {
        FleetSettings settings = now.requireSettings();
        for (NodeApproval other : now.approvals()) {
            if (!other.node().equals(approval.node()) && other.name().equals(approval.name())) {
                return Optional.of("the name " + approval.name() + " is already node " + other.node()
                        + "'s: choose another with --name");
            }
        }
        Registry before = now.believed();
        List<NodeApproval> next = new ArrayList<>();
        now.approvals().stream().filter(a -> !a.node().equals(approval.node())).forEach(next::add);
        next.add(approval);
        Registry after = Registry.of(settings, next, now.clients());
        boolean believed = after.approval(approval.node()).map(a -> a.vpcCidrs().equals(approval.vpcCidrs())).orElse(false);
        boolean othersKept = before.approvals().values().stream()
                .filter(a -> !a.node().equals(approval.node()))
                .allMatch(a -> after.approval(a.node()).map(b -> b.vpcCidrs().equals(a.vpcCidrs())).orElse(false));
        if (believed && othersKept) {
            return Optional.empty();
        }
        List<String> fresh = fresh(after, before);
        return Optional.of("node " + approval.name() + " would not be believed as approved: "
                + shown(fresh.isEmpty() ? after.refusals() : fresh));
    }

    /**
     * What an import of {@code wanted} writes: the clients not registered yet, and those already
     * registered exactly so (a re-run). Throws {@link RegistryRefusedException} listing every
     * problem when any client of the file cannot be registered as it stands: an address outside
     * the client CIDR or not a client's, a key, address or name twice in the file or held by
     * another registration.
     */
    static ImportPlan importPlan(RegistryContents now, List<ImportedClient> wanted) {
        Cidr clientCidr = now.requireSettings().clientCidr();
        Map<PeerKey, RegisteredClient> byKey = new HashMap<>();
        Map<Cidr, RegisteredClient> byAddress = new HashMap<>();
        Map<String, RegisteredClient> byName = new HashMap<>();
        for (RegisteredClient c : now.clients()) {
            byKey.put(c.key(), c);
            byAddress.put(c.address(), c);
            byName.put(c.name().value(), c);
        }
        List<String> problems = new ArrayList<>();
        Set<PeerKey> keys = new HashSet<>();
        Set<Cidr> addresses = new HashSet<>();
        Set<String> names = new HashSet<>();
        List<ImportedClient> toAdd = new ArrayList<>();
        List<RegisteredClient> unchanged = new ArrayList<>();
        for (ImportedClient c : wanted) {
            int before = problems.size();
            if (!keys.add(c.key())) {
                problems.add(c.describe() + ": the key is in the file twice");
            }
            if (!addresses.add(c.address())) {
                problems.add(c.describe() + ": the address is in the file twice");
            }
            if (!names.add(c.name().value())) {
                problems.add(c.describe() + ": the name is in the file twice");
            }
            ClientAddresses.refusal(clientCidr, c.address()).ifPresent(why -> problems.add(c.describe() + ": " + why));
            RegisteredClient registered = byKey.get(c.key());
            if (registered != null) {
                if (registered.address().equals(c.address()) && registered.name().equals(c.name())) {
                    if (problems.size() == before) {
                        unchanged.add(registered);
                    }
                    continue;
                }
                problems.add(c.describe() + ": the key is registered as " + registered.name() + " at " + registered.address());
                continue;
            }
            RegisteredClient atAddress = byAddress.get(c.address());
            if (atAddress != null) {
                problems.add(c.describe() + ": the address is registered to " + atAddress.name()
                        + " (key " + atAddress.key().shortForm() + ")");
            }
            RegisteredClient named = byName.get(c.name().value());
            if (named != null) {
                problems.add(c.describe() + ": the name is registered to key " + named.key().shortForm()
                        + " at " + named.address());
            }
            if (problems.size() == before) {
                toAdd.add(c);
            }
        }
        if (!problems.isEmpty()) {
            throw new RegistryRefusedException(problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + ", nothing imported: " + shown(problems));
        }
        return new ImportPlan(toAdd, unchanged);
    }

    /** An import's writes: the clients to add, and those registered exactly so already. */
    record ImportPlan(List<ImportedClient> toAdd, List<RegisteredClient> unchanged) {
    }

    /** The refusals {@code after} has that {@code before} had not: what the write would add. */
    private static List<String> fresh(Registry after, Registry before) {
        Set<String> old = new HashSet<>(before.refusals());
        return after.refusals().stream().filter(r -> !old.contains(r)).toList();
    }

    /** The first few lines joined, and how many more there are. */
    private static String shown(List<String> lines) {
        String first = String.join("; ", lines.subList(0, Math.min(SHOWN, lines.size())));
        return lines.size() > SHOWN ? first + "; and " + (lines.size() - SHOWN) + " more" : first;
    }
}
