package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.Registry;
import dev.wgroam.wireguard.PeerKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The ownership function's view of the table. Reads skip malformed items (the adapter reports them). */
public interface OwnershipStore {

    /** The operator's registry: fleet settings, node approvals, registered clients. */
    Registry registry();

    /**
     * What each of {@code nodes} observed of one client, read by exact key (one item per node), so
     * what a node piles into its own partition costs this read nothing. Nodes that never saw the
     * client are simply missing.
     */
    List<Observation> observationsOf(PeerKey client, Collection<NodeId> nodes);

    /** The current owner item, read consistently; null when there is none. */
    Owner owner(Subject subject);

    /** Writes {@code next} if the stored owner still has {@code next.version() - 1} (or none for version 1). */
    WriteOutcome write(Owner next);

    /**
     * Deletes the owner item of a removed client if it still has {@code current}'s version and the
     * client is still not registered, both checked in one transaction: a client registered again with
     * the same key keeps its owner.
     */
    ForgetOutcome forget(Owner current);

    /** Every node's state; nodes without a status item are absent (ACTIVE). */
    Map<NodeId, NodeState> states();

    /** Whether a conditional owner write landed. */
    enum WriteOutcome { WRITTEN, LOST_RACE }

    /** How deleting a removed client's owner item went. */
    enum ForgetOutcome { FORGOTTEN, LOST_RACE, REGISTERED_AGAIN }
}
