package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.functions.testing.SampleRegistry;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Models the table for the ownership function: the registry, observation items by exact (node,
 * client) key, owners with version checks, statuses. Counts its reads, so tests can check how
 * often and by which keys the function reads.
 */
final class InMemoryOwnershipStore implements OwnershipStore {

    FleetSettings settings = SampleRegistry.SETTINGS;
    final List<NodeApproval> approvals = new ArrayList<>();
    final List<RegisteredClient> clients = new ArrayList<>();
    final Map<String, Observation> observations = new LinkedHashMap<>();
    final Map<Subject, Owner> owners = new LinkedHashMap<>();
    final Map<NodeId, NodeState> states = new HashMap<>();
    /** Writes another invocation slips in before ours: each stores {@link #rival} at the next version. */
    int concurrentWritesToSimulate;
    Owner rival;
    int writes;
    /** Stored in place of the owner just before the next {@link #forget} checks it: a decision that slipped in. */
    Owner slipsInBeforeForget;
    int forgets;
    int registryReads;
    int stateReads;
    /** The node sets observations were read for, one entry per read. */
    final List<Set<NodeId>> observationReads = new ArrayList<>();

    /** Stores the item under its key, node#&lt;node&gt; / observation#&lt;client&gt;, as the node's agent would. */
    void observe(Observation o) {
        observations.put(key(o.node(), o.client()), o);
    }

    private static String key(NodeId node, PeerKey client) {
        return node + "|" + client;
    }

    @Override
    public Registry registry() {
        registryReads++;
        return Registry.of(settings, approvals, clients);
    }

    @Override
    public List<Observation> observationsOf(PeerKey client, Collection<NodeId> nodes) {
        observationReads.add(Set.copyOf(nodes));
        return nodes.stream().map(node -> observations.get(key(node, client))).filter(o -> o != null).toList();
    }

    @Override
    public Owner owner(Subject subject) {
        return owners.get(subject);
    }

    @Override
    public WriteOutcome write(Owner next) {
        if (concurrentWritesToSimulate > 0) {
            concurrentWritesToSimulate--;
            Owner current = owners.get(next.subject());
            owners.put(next.subject(), new Owner(rival.subject(), rival.prefix(), rival.node(), rival.nodeName(),
                    rival.handshake(), current == null ? 1 : current.version() + 1, rival.changedAt(), null));
            return WriteOutcome.LOST_RACE;
        }
        Owner current = owners.get(next.subject());
        long stored = current == null ? 0 : current.version();
        if (stored != next.version() - 1) {
            return WriteOutcome.LOST_RACE;
        }
        owners.put(next.subject(), next);
        writes++;
        return WriteOutcome.WRITTEN;
    }

    @Override
    public ForgetOutcome forget(Owner current) {
        if (slipsInBeforeForget != null) {
            owners.put(slipsInBeforeForget.subject(), slipsInBeforeForget);
            slipsInBeforeForget = null;
        }
        PeerKey key = ((Subject.Client) current.subject()).key();
        if (clients.stream().anyMatch(c -> c.key().equals(key))) {
            return ForgetOutcome.REGISTERED_AGAIN;
        }
        Owner stored = owners.get(current.subject());
        if (stored == null || stored.version() != current.version()) {
            return ForgetOutcome.LOST_RACE;
        }
        owners.remove(current.subject());
        forgets++;
        return ForgetOutcome.FORGOTTEN;
    }

    @Override
    public Map<NodeId, NodeState> states() {
        stateReads++;
        return Map.copyOf(states);
    }
}
