package dev.wgroam.cli;

import dev.wgroam.cli.registry.RegistryContents;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code node list} and {@code client list} as text, pure functions of the registry as written,
 * the nodes' records, the owners and the owners' observations. Every entry as written is listed;
 * BELIEVED says whether the consumers believe it ({@link Registry#of}).
 */
final class RegistryListing {

    private RegistryListing() {
    }

    /** @param records the approved nodes' own records, by exact key; a node without one is absent */
    static String nodes(RegistryContents contents, Map<NodeId, NodeRecord> records, Instant now) {
        Registry believed = contents.believed();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAME", "NODE", "REGION", "VPC", "PRIMARY", "GA-ENDPOINT", "BACKBONE-KEY", "RECORD", "HEARTBEAT",
                "BELIEVED"));
        contents.approvals().stream()
                .sorted(Comparator.comparing((NodeApproval a) -> a.region().name()).thenComparing(a -> a.name().value()))
                .forEach(a -> {
                    NodeRecord r = records.get(a.node());
                    rows.add(List.of(a.name().value(), a.node().value(), a.region().name(), orDash(cidrs(a.vpcCidrs())),
                            a.primary() ? "yes" : "no", orDash(a.gaEndpointId()), a.backboneKey().shortForm(),
                            RecordMatch.of(a, r).text(), r == null ? "never" : age(r.heartbeat(), now),
                            believed(a, believed.approval(a.node()))));
                });
        return FleetStatus.columns(rows);
    }

    private static String believed(NodeApproval written, Optional<NodeApproval> believed) {
        if (believed.isEmpty()) {
            return "no";
        }
        List<Cidr> refused = written.vpcCidrs().stream().filter(c -> !believed.get().vpcCidrs().contains(c)).toList();
        return refused.isEmpty() ? "yes" : "without " + cidrs(refused);
    }

    /** @param observations the owners' observations of the clients they own, by exact key */
    static String clients(RegistryContents contents, List<Owner> owners, List<Observation> observations, Instant now) {
        Registry believed = contents.believed();
        Map<PeerKey, Owner> ownerOf = new HashMap<>();
        owners.forEach(o -> {
            if (o.subject() instanceof Subject.Client c) {
                ownerOf.put(c.key(), o);
            }
        });
        Map<PeerKey, Instant> ownersHandshake = new HashMap<>();
        observations.forEach(o -> {
            Owner owner = ownerOf.get(o.client());
            if (owner != null && owner.node().equals(o.node())) {
                ownersHandshake.put(o.client(), o.latestHandshake());
            }
        });
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAME", "ADDRESS", "KEY", "OWNER", "HANDSHAKE", "WATCHDOG", "BELIEVED"));
        contents.clients().stream().sorted(Comparator.comparing(RegisteredClient::address)).forEach(c -> {
            Owner o = ownerOf.get(c.key());
            String owner = o == null ? "-"
                    : believed.approval(o.node()).map(a -> a.name().value()).orElse(o.nodeName().value());
            // The owner item keeps the winning handshake; the owner's observation, refreshed per lease, a newer one.
            Instant observed = ownersHandshake.get(c.key());
            Instant handshake = o == null ? null
                    : observed != null && observed.isAfter(o.handshake()) ? observed : o.handshake();
            rows.add(List.of(c.name().value(), c.address().toString(), c.key().shortForm(), owner,
                    handshake == null ? "never" : age(handshake, now), c.watchdog() ? "yes" : "no",
                    believed.client(c.key()).isPresent() ? "yes" : "no"));
        });
        return FleetStatus.columns(rows);
    }

    private static String cidrs(List<Cidr> cidrs) {
        return String.join(",", cidrs.stream().map(Cidr::toString).toList());
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }

    private static String age(Instant then, Instant now) {
        return Duration.between(then, now).toSeconds() + " s ago";
    }
}
