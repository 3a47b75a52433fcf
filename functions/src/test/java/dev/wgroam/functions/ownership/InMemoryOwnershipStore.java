package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Models the table for the ownership function: observations per (node, client), owners with version checks. */
final class InMemoryOwnershipStore implements OwnershipStore {

    final Map<String, Observation> observations = new LinkedHashMap<>();
    final Map<Subject, Owner> owners = new LinkedHashMap<>();
    final Map<NodeId, NodeState> states = new HashMap<>();
    final List<NodeRecord> nodes = new ArrayList<>();
    /** Writes another invocation slips in before ours: each stores {@link #rival} at the next version. */
    int concurrentWritesToSimulate;
    Owner rival;
    int writes;

    void observe(Observation o) {
        observations.put(o.node() + "|" + o.client(), o);
    }

    @Override
    public List<Observation> observationsOf(PeerKey client) {
        return observations.values().stream().filter(o -> o.client().equals(client)).toList();
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
    public Map<NodeId, NodeState> states() {
        return Map.copyOf(states);
    }

    @Override
    public List<NodeRecord> nodes() {
        return List.copyOf(nodes);
    }
}
