package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.ClaimScreen;
import dev.wgroam.ownership.ClientOwnership;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.ownership.VpcOwnership;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Turns one stream batch into owner changes, believing the operator's registry over any node's
 * word. Each client seen in the batch — observed, or changed in the registry — is decided once:
 * the observations in the records, merged with each approved node's observation item, go through
 * {@link ClaimScreen} first, so a claim from an unapproved node, of an unregistered client or with
 * a handshake in the future is counted and never reaches a decision or a write. Each region whose
 * approvals or statuses changed has its approved VPC CIDRs decided again. The registry and the
 * statuses are read at most once a batch. Owner writes are conditional on the previous version: a
 * lost race re-reads and decides again. Replayed or reordered records decide the same owners, so
 * they change nothing and send nothing.
 */
final class OwnershipService {

    static final int MAX_ATTEMPTS = 5;

    /**
     * The outcome of one batch. {@code delays} are handshake-to-change times of client owner changes;
     * {@code regions} are the approved nodes' regions to tell, read only when something changed;
     * {@code registryRefusals} what the registry did not believe, when it was read;
     * {@code reconcileNow} whether the registry (a client, an approval, the fleet settings) or a
     * node's status changed, so every node must reconcile now; {@code forgottenOwners} the owner items of
     * removed clients deleted.
     */
    record Result(List<RouteEntry> changes, List<String> failedSequenceNumbers, int malformed, int lostRaces,
                  List<Duration> delays, Set<Region> regions, RefusedClaims refused, List<String> registryRefusals,
                  boolean reconcileNow, int forgottenOwners) {
    }

    /** Receives what went wrong with a record or a decision, for the log. */
    interface Problems {
        void malformedRecord(String sequenceNumber, String reason, Map<String, String> keys);

        void decisionFailed(String subject, RuntimeException cause);
    }

    /** What a client is decided again for: observations to screen, and the records to retry if it fails. */
    private record ClientTriggers(List<Observation> observations, List<String> sequenceNumbers) {
    }

    private final OwnershipStore store;
    private final ClientOwnership clientRule;
    private final Problems problems;

    OwnershipService(OwnershipStore store, ClientOwnership clientRule, Problems problems) {
        this.store = store;
        this.clientRule = clientRule;
        this.problems = problems;
    }

    Result process(List<Record> records, Instant now) {
        Map<PeerKey, ClientTriggers> clients = new LinkedHashMap<>();
        Map<Region, List<String>> regions = new LinkedHashMap<>();
        Set<String> failed = new LinkedHashSet<>();
        RefusedClaims refused = new RefusedClaims();
        int malformed = 0;
        boolean reconcileNow = false;
        Set<PeerKey> removedClients = new HashSet<>();
        for (Record record : records) {
            switch (StreamChanges.parse(record)) {
                case StreamChange.ObservationChanged o -> {
                    ClientTriggers triggers = triggersOf(clients, o.observation().client());
                    triggers.observations().add(o.observation());
                    triggers.sequenceNumbers().add(o.sequenceNumber());
                }
                case StreamChange.ClientChanged c -> {
                    reconcileNow = true;
                    triggersOf(clients, c.client()).sequenceNumbers().add(c.sequenceNumber());
                    if (c.removed()) {
                        removedClients.add(c.client());
                    }
                }
                case StreamChange.RegionsChanged r -> {
                    reconcileNow = true;
                    r.regions().forEach(region ->
                            regions.computeIfAbsent(region, k -> new ArrayList<>()).add(r.sequenceNumber()));
                }
                case StreamChange.FleetChanged f -> reconcileNow = true;
                case StreamChange.UnreadableObservation u -> refused.unreadable(u.sequenceNumber(), u.reason());
                case StreamChange.Malformed m -> {
                    malformed++;
                    problems.malformedRecord(m.sequenceNumber(), m.reason(), m.keys());
                }
                case StreamChange.Ignored ignored -> { }
            }
        }

        Batch batch = new Batch(now, refused);
        clients.forEach((client, triggers) -> {
            try {
                if (!removedClients.contains(client) || !batch.forget(new Subject.Client(client))) {
                    batch.decideClient(client, triggers.observations());
                }
            } catch (RuntimeException e) {
                failed.addAll(triggers.sequenceNumbers());
                problems.decisionFailed("client#" + client.shortForm(), e);
            }
        });
        regions.forEach((region, sequences) -> {
            try {
                batch.decideRegion(region);
            } catch (RuntimeException e) {
                failed.addAll(sequences);
                problems.decisionFailed("region#" + region, e);
            }
        });
        Set<Region> nodeRegions = new TreeSet<>(Comparator.comparing(Region::name));
        if (!batch.changes.isEmpty() || reconcileNow) {
            batch.registry.get().approvals().values().forEach(a -> nodeRegions.add(a.region()));
        }
        return new Result(List.copyOf(batch.changes), List.copyOf(failed), malformed, batch.lostRaces,
                List.copyOf(batch.delays), nodeRegions, refused, batch.registryRefusals(), reconcileNow,
                batch.forgotten);
    }

    private static ClientTriggers triggersOf(Map<PeerKey, ClientTriggers> clients, PeerKey client) {
        return clients.computeIfAbsent(client, k -> new ClientTriggers(new ArrayList<>(), new ArrayList<>()));
    }

    /** The state of one batch: what changed, what was refused, and the reads shared by its decisions. */
    private final class Batch {
        private final Instant now;
        private final RefusedClaims refused;
        private final List<RouteEntry> changes = new ArrayList<>();
        private final List<Duration> delays = new ArrayList<>();
        private final Supplier<Registry> registry = memoize(store::registry);
        private final Supplier<Map<NodeId, NodeState>> states = memoize(store::states);
        private boolean registryRead;
        private int lostRaces;
        private int forgotten;

        Batch(Instant now, RefusedClaims refused) {
            this.now = now;
            this.refused = refused;
        }

        private Registry registry() {
            registryRead = true;
            return registry.get();
        }

        List<String> registryRefusals() {
            return registryRead ? registry.get().refusals() : List.of();
        }

        /**
         * Screens the batch's observations of one client together with each approved node's stored
         * one (the same observation read twice counts once), then decides the client if it is registered.
         */
        void decideClient(PeerKey client, List<Observation> triggers) {
            Registry believed = registry();
            Optional<RegisteredClient> registered = believed.client(client);
            Set<Observation> observations = new LinkedHashSet<>(triggers);
            if (registered.isPresent()) {
                observations.addAll(store.observationsOf(client, believed.approvals().keySet()));
            }
            ClaimScreen.Screened screened = ClaimScreen.screen(observations, believed, now, clientRule.skewMargin());
            screened.refused().forEach(refused::add);
            if (registered.isEmpty()) {
                return;
            }
            Subject subject = new Subject.Client(client);
            decide(subject, () -> clientRule.decide(store.owner(subject), registered.get(), screened.accepted(),
                    believed, states.get(), now));
        }

        /**
         * Deletes the owner item of a client whose item the operator removed, so no agent keeps
         * refusing it and its address is free for the next client. Returns whether the client is
         * gone; false when it was registered again meanwhile (it is then decided as usual).
         */
        boolean forget(Subject.Client subject) {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Owner current = store.owner(subject);
                if (current == null) {
                    return true;
                }
                switch (store.forget(current)) {
                    case FORGOTTEN -> {
                        forgotten++;
                        return true;
                    }
                    case REGISTERED_AGAIN -> {
                        return false;
                    }
                    case LOST_RACE -> lostRaces++;
                }
            }
            throw new OwnerRaceException(subject, MAX_ATTEMPTS);
        }

        /** Decides every approved VPC CIDR of the region; candidates are the approved nodes that list it. */
        void decideRegion(Region region) {
            List<NodeApproval> inRegion = registry().approvals().values().stream()
                    .filter(a -> a.region().equals(region))
                    .toList();
            Set<Cidr> prefixes = new TreeSet<>();
            inRegion.forEach(a -> prefixes.addAll(a.vpcCidrs()));
            for (Cidr prefix : prefixes) {
                List<VpcOwnership.Candidate> candidates = VpcOwnership.candidates(Set.of(prefix), inRegion, states.get());
                Subject subject = new Subject.Vpc(prefix);
                decide(subject, () -> VpcOwnership.decide(prefix, store.owner(subject), candidates, now));
            }
        }

        private void decide(Subject subject, Supplier<Optional<Owner>> decision) {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<Owner> next = decision.get();
                if (next.isEmpty()) {
                    return;
                }
                Owner owner = next.get();
                if (store.write(owner) == OwnershipStore.WriteOutcome.WRITTEN) {
                    changes.add(new RouteEntry(owner.prefix(), owner.node(), owner.version()));
                    if (subject instanceof Subject.Client) {
                        delays.add(Duration.between(owner.handshake(), now));
                    }
                    return;
                }
                lostRaces++;
            }
            throw new OwnerRaceException(subject, MAX_ATTEMPTS);
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> read) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = read.get();
                }
                return value;
            }
        };
    }
}
