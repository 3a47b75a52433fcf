package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.ClientOwnership;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.ownership.VpcOwnership;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Turns one stream batch into owner changes. Each client seen in the batch is decided once, from
 * the observations in the records merged with what the index holds for every node; each region
 * whose node statuses or records changed has its VPC prefixes decided again. Owner writes are
 * conditional on the previous version: a lost race re-reads and decides again. Replayed or
 * reordered records decide the same owners, so they change nothing and send nothing.
 */
final class OwnershipService {

    static final int MAX_ATTEMPTS = 5;

    /**
     * The outcome of one batch. {@code delays} are handshake-to-change times of client owner changes;
     * {@code regions} are the node regions to tell, read only when something changed.
     */
    record Result(List<RouteEntry> changes, List<String> failedSequenceNumbers, int malformed, int lostRaces,
                  List<Duration> delays, Set<Region> regions) {
    }

    /** Receives what went wrong with a record or a decision, for the log. */
    interface Problems {
        void malformedRecord(String sequenceNumber, String reason);

        void decisionFailed(String subject, RuntimeException cause);
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
        Map<PeerKey, List<StreamChange.ObservationChanged>> clients = new LinkedHashMap<>();
        Map<Region, List<String>> regions = new LinkedHashMap<>();
        Set<String> failed = new LinkedHashSet<>();
        int malformed = 0;
        for (Record record : records) {
            switch (StreamChanges.parse(record)) {
                case StreamChange.ObservationChanged o ->
                        clients.computeIfAbsent(o.observation().client(), k -> new ArrayList<>()).add(o);
                case StreamChange.RegionChanged r ->
                        regions.computeIfAbsent(r.region(), k -> new ArrayList<>()).add(r.sequenceNumber());
                case StreamChange.Malformed m -> {
                    malformed++;
                    failed.add(m.sequenceNumber());
                    problems.malformedRecord(m.sequenceNumber(), m.reason());
                }
                case StreamChange.Ignored ignored -> { }
            }
        }

        Batch batch = new Batch(now);
        clients.forEach((client, triggers) -> {
            try {
                batch.decideClient(client, triggers.stream().map(StreamChange.ObservationChanged::observation).toList());
            } catch (RuntimeException e) {
                triggers.forEach(t -> failed.add(t.sequenceNumber()));
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
        Set<Region> nodeRegions = new java.util.TreeSet<>(java.util.Comparator.comparing(Region::name));
        if (!batch.changes.isEmpty()) {
            batch.nodes.get().forEach(n -> nodeRegions.add(n.region()));
        }
        return new Result(List.copyOf(batch.changes), List.copyOf(failed), malformed, batch.lostRaces,
                List.copyOf(batch.delays), nodeRegions);
    }

    /** The state of one batch: what changed, and the node reads shared by its decisions. */
    private final class Batch {
        private final Instant now;
        private final List<RouteEntry> changes = new ArrayList<>();
        private final List<Duration> delays = new ArrayList<>();
        private final Supplier<Map<NodeId, NodeState>> states = memoize(store::states);
        private final Supplier<List<NodeRecord>> nodes = memoize(store::nodes);
        private int lostRaces;

        Batch(Instant now) {
            this.now = now;
        }

        void decideClient(PeerKey client, List<Observation> triggers) {
            Subject subject = new Subject.Client(client);
            decide(subject, () -> {
                List<Observation> all = new ArrayList<>(store.observationsOf(client));
                all.addAll(triggers);
                return clientRule.decide(store.owner(subject), all, states.get(), now);
            });
        }

        void decideRegion(Region region) {
            List<NodeRecord> inRegion = nodes.get().stream().filter(n -> n.region().equals(region)).toList();
            Set<Cidr> prefixes = new TreeSet<>();
            inRegion.forEach(n -> prefixes.addAll(n.vpcPrefixes()));
            for (Cidr prefix : prefixes) {
                List<VpcOwnership.Candidate> candidates = inRegion.stream()
                        .filter(n -> n.vpcPrefixes().contains(prefix))
                        .map(n -> new VpcOwnership.Candidate(n.node(), n.nodeName(),
                                states.get().getOrDefault(n.node(), NodeState.ACTIVE), n.vpcPrimary()))
                        .toList();
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
