package dev.wgroam.cli;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.text.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet at a glance, a pure function of what the table holds: nodes with their state, heartbeat
 * age and how far their applied routes lag the owner set; clients with their owner; the last changes.
 */
public record FleetStatus(List<NodeRow> nodes, List<ClientRow> clients, List<ChangeRow> changes) {

    /** One node. {@code versionLag} is the owner set's version sum minus what the node applied. */
    public record NodeRow(String name, String node, String region, NodeState state, String reason,
                          long heartbeatAgeSeconds, int routes, long versionLag) {
    }

    /** One client: its tunnel address, owner and how old the winning handshake is. */
    public record ClientRow(String client, String prefix, String owner, long version, long handshakeAgeSeconds) {
    }

    /** One owner change, newest first. */
    public record ChangeRow(String subject, String owner, String previousOwner, long version, Instant changedAt) {
    }

    public static FleetStatus of(List<NodeRecord> nodeRecords, List<NodeStatus> statuses, List<Owner> owners, Instant now) {
        Map<NodeId, NodeStatus> byNode = new HashMap<>();
        statuses.forEach(s -> byNode.put(s.node(), s));
        Map<NodeId, String> names = new HashMap<>();
        nodeRecords.forEach(n -> names.put(n.node(), n.nodeName().value()));
        long tableVersions = owners.stream().mapToLong(Owner::version).sum();
        List<NodeRow> nodes = nodeRecords.stream()
                .sorted(Comparator.comparing((NodeRecord n) -> n.region().name()).thenComparing(n -> n.nodeName().value()))
                .map(n -> {
                    NodeStatus s = byNode.get(n.node());
                    return new NodeRow(n.nodeName().value(), n.node().value(), n.region().name(),
                            s == null ? NodeState.ACTIVE : s.state(), s == null ? "" : s.reason(),
                            Duration.between(n.heartbeat(), now).toSeconds(), n.applied().routes(),
                            tableVersions - n.applied().versionSum());
                })
                .toList();
        List<ClientRow> clients = owners.stream()
                .filter(o -> o.subject() instanceof Subject.Client)
                .sorted(Comparator.comparing(Owner::prefix))
                .map(o -> new ClientRow(((Subject.Client) o.subject()).key().shortForm(), o.prefix().toString(),
                        names.getOrDefault(o.node(), o.node().shortForm()), o.version(),
                        Duration.between(o.handshake(), now).toSeconds()))
                .toList();
        List<ChangeRow> changes = owners.stream()
                .sorted(Comparator.comparing(Owner::changedAt).reversed())
                .limit(10)
                .map(o -> new ChangeRow(o.subject().id(), names.getOrDefault(o.node(), o.node().shortForm()),
                        o.previousNode() == null ? "" : names.getOrDefault(o.previousNode(), o.previousNode().shortForm()),
                        o.version(), o.changedAt()))
                .toList();
        return new FleetStatus(nodes, clients, changes);
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-18s %-14s %-8s %-10s %-7s %-8s %s%n", "NODE", "REGION", "STATE", "HEARTBEAT",
                "ROUTES", "LAG", "REASON"));
        for (NodeRow n : nodes) {
            out.append(String.format("%-18s %-14s %-8s %-10s %-7d %-8d %s%n", n.name(), n.region(), n.state(),
                    n.heartbeatAgeSeconds() + " s ago", n.routes(), n.versionLag(), n.reason()));
        }
        out.append(String.format("%n%-12s %-18s %-18s %-8s %s%n", "CLIENT", "ADDRESS", "OWNER", "VERSION", "HANDSHAKE"));
        for (ClientRow c : clients) {
            out.append(String.format("%-12s %-18s %-18s %-8d %s%n", c.client(), c.prefix(), c.owner(), c.version(),
                    c.handshakeAgeSeconds() + " s ago"));
        }
        out.append(String.format("%nLAST CHANGES%n"));
        for (ChangeRow c : changes) {
            out.append(String.format("%s  %s -> %s (v%d, from %s)%n", c.changedAt(), c.subject(), c.owner(), c.version(),
                    c.previousOwner().isEmpty() ? "none" : c.previousOwner()));
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
            m.put("heartbeatAgeSeconds", n.heartbeatAgeSeconds());
            m.put("routes", n.routes());
            m.put("versionLag", n.versionLag());
            return m;
        }).toList());
        doc.put("clients", clients.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("client", c.client());
            m.put("prefix", c.prefix());
            m.put("owner", c.owner());
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
        return Json.write(doc);
    }
}
