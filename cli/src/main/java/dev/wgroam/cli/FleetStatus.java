package dev.wgroam.cli;

import dev.wgroam.aws.accelerator.DescribedEndpoint;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.Registry;
import dev.wgroam.text.Json;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fleet at a glance, a pure function of what the table holds and what Global Accelerator said:
 * the approved nodes with their state, GA weight and health, whether their own record is the one
 * approved, heartbeat age and how far their applied routes lag the owner set; clients with their
 * registered name, owner and the endpoint the owner sees; the last changes; and what the registry
 * holds that no consumer believes.
 */
public record FleetStatus(List<NodeRow> nodes, List<ClientRow> clients, List<ChangeRow> changes,
                          List<String> registryRefusals) {

    /**
     * One approved node. {@code heartbeatAgeSeconds} and {@code versionLag} (the owner set's version
     * sum minus what the node applied) come from its record and mean nothing when {@code record} is
     * {@link RecordMatch#MISSING}.
     */
    public record NodeRow(String name, String node, String region, NodeState state, String reason, Ga ga,
                          RecordMatch record, long heartbeatAgeSeconds, int routes, long versionLag) {
    }

    /** What Global Accelerator says of a node's endpoint, or why that is not known. */
    public sealed interface Ga {
        /** @param health GA's health check verdict ({@code HEALTHY}, …); empty when GA gives none */
        record Read(int weight, String health) implements Ga {
        }

        record Unknown(String reason) implements Ga {
        }
    }

    /**
     * One client owner: the client's key (short form), its registered name (empty when the key is
     * not registered), its tunnel address, owner, the endpoint the owner sees it at (empty when the
     * owner has no observation of it) and how old its newest handshake with the owner is.
     */
    public record ClientRow(String client, String name, String prefix, String owner, String endpoint, long version,
                            long handshakeAgeSeconds) {
    }

    /** One owner change, newest first. */
    public record ChangeRow(String subject, String owner, String previousOwner, long version, Instant changedAt) {
    }

    /** Which node saw which client: the key of an observation. */
    private record Seen(NodeId node, PeerKey client) {
    }

    /**
     * @param records      the approved nodes' own records, read by exact key; a node without one is absent
     * @param observations the owner nodes' observations of the clients they own; others are ignored
     */
    public static FleetStatus of(Registry registry, Map<NodeId, NodeRecord> records, List<NodeStatus> statuses,
                                 List<Owner> owners, List<Observation> observations, GaReadings ga, Instant now) {
        Map<NodeId, NodeStatus> byNode = new HashMap<>();
        statuses.forEach(s -> byNode.put(s.node(), s));
        Map<Seen, Observation> seen = new HashMap<>();
        observations.forEach(o -> seen.put(new Seen(o.node(), o.client()), o));
        long tableVersions = AppliedRoutes.sumOf(owners.stream().map(Owner::version).toList());
        List<NodeRow> nodes = registry.approvals().values().stream()
                .sorted(Comparator.comparing((NodeApproval a) -> a.region().name()).thenComparing(a -> a.name().value()))
                .map(a -> {
                    NodeStatus s = byNode.get(a.node());
                    NodeRecord r = records.get(a.node());
                    return new NodeRow(a.name().value(), a.node().value(), a.region().name(),
                            s == null ? NodeState.ACTIVE : s.state(), s == null ? "" : s.reason(),
                            gaOf(a.gaEndpointId(), ga), RecordMatch.of(a, r),
                            r == null ? 0 : Duration.between(r.heartbeat(), now).toSeconds(),
                            r == null ? 0 : r.applied().routes(), r == null ? 0 : tableVersions - r.applied().versionSum());
                })
                .toList();
        List<ClientRow> clients = owners.stream()
                .filter(o -> o.subject() instanceof Subject.Client)
                .sorted(Comparator.comparing(Owner::prefix))
                .map(o -> {
                    PeerKey key = ((Subject.Client) o.subject()).key();
                    Observation observed = seen.get(new Seen(o.node(), key));
                    // The owner item keeps the handshake that won it; the owner's observation, refreshed
                    // once per lease, has a newer one while the client stays.
                    Instant handshake = observed == null || observed.latestHandshake().isBefore(o.handshake())
                            ? o.handshake() : observed.latestHandshake();
                    return new ClientRow(key.shortForm(), registry.client(key).map(c -> c.name().value()).orElse(""),
                            o.prefix().toString(), nameOf(registry, o.node(), o.nodeName().value()),
                            observed == null ? "" : observed.endpoint().toString(), o.version(),
                            Duration.between(handshake, now).toSeconds());
                })
                .toList();
        List<ChangeRow> changes = owners.stream()
                .sorted(Comparator.comparing(Owner::changedAt).reversed())
                .limit(10)
                .map(o -> new ChangeRow(o.subject().id(), nameOf(registry, o.node(), o.nodeName().value()),
                        o.previousNode() == null ? "" : nameOf(registry, o.previousNode(), o.previousNode().shortForm()),
                        o.version(), o.changedAt()))
                .toList();
        return new FleetStatus(nodes, clients, changes, registry.refusals());
    }

    /** The approved name of a node; {@code otherwise} for a node no longer (or never) approved. */
    private static String nameOf(Registry registry, NodeId node, String otherwise) {
        return registry.approval(node).map(a -> a.name().value()).orElse(otherwise);
    }

    static Ga gaOf(String endpointId, GaReadings ga) {
        if (endpointId.isEmpty()) {
            return new Ga.Unknown("its approval has no GA endpoint id");
        }
        DescribedEndpoint endpoint = ga.endpoints().get(endpointId);
        if (endpoint != null) {
            return new Ga.Read(endpoint.weight().weight(), endpoint.healthState());
        }
        return new Ga.Unknown(ga.unreadReasons().isEmpty()
                ? "endpoint " + endpointId + " is in none of the endpoint groups read"
                : String.join("; ", ga.unreadReasons()));
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        List<List<String>> nodeTable = new ArrayList<>();
        nodeTable.add(List.of("NODE", "REGION", "STATE", "GA-WEIGHT", "GA-HEALTH", "HEARTBEAT", "ROUTES", "LAG", "RECORD",
                "REASON"));
        for (NodeRow n : nodes) {
            boolean recorded = n.record() != RecordMatch.MISSING;
            nodeTable.add(List.of(n.name(), n.region(), n.state().name(),
                    n.ga() instanceof Ga.Read r ? String.valueOf(r.weight()) : "?",
                    n.ga() instanceof Ga.Read r ? (r.health().isEmpty() ? "-" : r.health()) : "?",
                    recorded ? n.heartbeatAgeSeconds() + " s ago" : "never", recorded ? String.valueOf(n.routes()) : "-",
                    recorded ? String.valueOf(n.versionLag()) : "-", n.record().text(), n.reason()));
        }
        out.append(columns(nodeTable));
        out.append(gaNotes(nodes));
        List<List<String>> clientTable = new ArrayList<>();
        clientTable.add(List.of("CLIENT", "NAME", "ADDRESS", "OWNER", "ENDPOINT", "VERSION", "HANDSHAKE"));
        for (ClientRow c : clients) {
            clientTable.add(List.of(c.client(), c.name().isEmpty() ? "(not registered)" : c.name(), c.prefix(), c.owner(),
                    c.endpoint().isEmpty() ? "-" : c.endpoint(), String.valueOf(c.version()),
                    c.handshakeAgeSeconds() + " s ago"));
        }
        out.append('\n').append(columns(clientTable));
        out.append(String.format("%nLAST CHANGES%n"));
        for (ChangeRow c : changes) {
            out.append(String.format("%s  %s -> %s (v%d, from %s)%n", c.changedAt(), c.subject(), c.owner(), c.version(),
                    c.previousOwner().isEmpty() ? "none" : c.previousOwner()));
        }
        if (!registryRefusals.isEmpty()) {
            out.append(String.format("%nNOT BELIEVED (the registry as written; fix with wg-roam fleet|node|client)%n"));
            registryRefusals.forEach(r -> out.append(r).append('\n'));
        }
        return out.toString();
    }

    /** One line per reason a weight is unknown, naming the nodes unless it is all of them. */
    static String gaNotes(List<NodeRow> nodes) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (NodeRow n : nodes) {
            if (n.ga() instanceof Ga.Unknown u) {
                byReason.computeIfAbsent(u.reason(), r -> new ArrayList<>()).add(n.name());
            }
        }
        return byReason.entrySet().stream()
                .map(e -> "GA weight unknown" + (e.getValue().size() == nodes.size() ? "" : " for " + String.join(", ", e.getValue()))
                        + ": " + e.getKey() + "\n")
                .collect(Collectors.joining());
    }

    /** Left-aligned columns as wide as their widest cell, two spaces apart; the last is not padded. */
    static String columns(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    public String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nodes", nodes.stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("node", n.node());
            m.put("region", n.region());
            m.put("state", n.state().name());
            m.put("reason", n.reason());
            // Stable keys for scripts: null weight and health with the reason when GA was not read.
            m.put("gaWeight", n.ga() instanceof Ga.Read r ? r.weight() : null);
            m.put("gaHealth", n.ga() instanceof Ga.Read r && !r.health().isEmpty() ? r.health() : null);
            m.put("gaUnknownReason", n.ga() instanceof Ga.Unknown u ? u.reason() : null);
            boolean recorded = n.record() != RecordMatch.MISSING;
            m.put("record", n.record().name());
            m.put("heartbeatAgeSeconds", recorded ? n.heartbeatAgeSeconds() : null);
            m.put("routes", recorded ? n.routes() : null);
            m.put("versionLag", recorded ? n.versionLag() : null);
            return m;
        }).toList());
        doc.put("clients", clients.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("client", c.client());
            m.put("name", c.name().isEmpty() ? null : c.name());
            m.put("prefix", c.prefix());
            m.put("owner", c.owner());
            m.put("endpoint", c.endpoint().isEmpty() ? null : c.endpoint());
            m.put("version", c.version());
            m.put("handshakeAgeSeconds", c.handshakeAgeSeconds());
            return m;
        }).toList());
        List<Object> changeList = new ArrayList<>();
        for (ChangeRow c : changes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", c.subject());
            m.put("owner", c.owner());
            m.put("previousOwner", c.previousOwner());
            m.put("version", c.version());
            m.put("changedAt", c.changedAt().toString());
            changeList.add(m);
        }
        doc.put("changes", changeList);
        doc.put("registryRefusals", registryRefusals);
        return Json.write(doc);
    }
}
