package dev.wgroam.agent.routes;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.PrefixRules;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.Endpoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The host as the rules say it must end up, re-stated slowly and plainly from the registry, the
 * owner items and the node records, without {@link DesiredState} or {@link HostDiff}: the oracle of
 * {@link HostRouteKeeperProperties}, as wireguard-go's allowedips_rand_test.go checks its trie
 * against a naive list. Devices are named clients and backbone.
 */
final class ReferenceHost {

    record Peer(String endpoint, Set<String> allowedIps) {
    }

    final Map<String, String> routes = new TreeMap<>();
    final Map<String, Peer> peers = new TreeMap<>();

    /**
     * @param routesBefore the host's routes before the pass, prefix to device
     * @param peersBefore  the host's backbone peers before the pass, by public key
     */
    static ReferenceHost after(NodeId self, Registry registry, List<RouteEntry> ownerItems, List<NodeRecord> records,
                               Map<String, String> routesBefore, Map<String, Peer> peersBefore) {
        ReferenceHost host = new ReferenceHost();
        // A prefix listed twice belongs to its highest version.
        Map<Cidr, RouteEntry> owners = new HashMap<>();
        for (RouteEntry e : ownerItems) {
            if (!owners.containsKey(e.prefix()) || e.version() > owners.get(e.prefix()).version()) {
                owners.put(e.prefix(), e);
            }
        }
        // A node's word is taken when it is another approved node with exactly one record, matching its approval.
        Map<NodeId, NodeRecord> believed = new HashMap<>();
        for (NodeApproval approval : registry.approvals().values()) {
            List<NodeRecord> of = records.stream().filter(r -> r.node().equals(approval.node())).distinct().toList();
            if (!approval.node().equals(self) && of.size() == 1
                    && of.get(0).backboneKey().equals(approval.backboneKey())
                    && of.get(0).backboneAddress().equals(approval.backboneAddress())
                    && !forbidden(of.get(0).backboneEndpoint())) {
                believed.put(approval.node(), of.get(0));
            }
        }
        Set<String> managed = new HashSet<>();
        Map<NodeId, Set<String>> carried = new HashMap<>();
        NodeApproval own = registry.approvals().get(self);
        for (RouteEntry e : owners.values()) {
            if (!allowed(registry, e)) {
                continue; // refused: its route is not the agent's to touch
            }
            String prefix = e.prefix().toString();
            managed.add(prefix);
            boolean ownVpc = own != null && own.vpcCidrs().contains(e.prefix());
            if (ownVpc) {
                // the VPC routes it, whoever of the pair owns it; an owning partner's peer carries its replies
                if (!e.owner().equals(self) && believed.containsKey(e.owner())) {
                    carried.computeIfAbsent(e.owner(), n -> new TreeSet<>()).add(prefix);
                }
                continue;
            }
            if (e.owner().equals(self)) {
                host.routes.put(prefix, "clients");
            } else if (believed.containsKey(e.owner())) {
                host.routes.put(prefix, "backbone");
                carried.computeIfAbsent(e.owner(), n -> new TreeSet<>()).add(prefix);
            }
            // else: held, no route until its owner's record is believed
        }
        for (NodeRecord record : believed.values()) {
            NodeApproval approval = registry.approvals().get(record.node());
            Set<String> allowedIps = new TreeSet<>(carried.getOrDefault(record.node(), Set.of()));
            allowedIps.add(approval.backboneAddress().toString());
            host.peers.put(approval.backboneKey().base64(), new Peer(record.backboneEndpoint().toString(), allowedIps));
            host.routes.put(approval.backboneAddress().toString(), "backbone");
        }
        // Other peers go, unless other nodes are approved and not one record of another node was read.
        boolean othersApproved = registry.approvals().keySet().stream().anyMatch(n -> !n.equals(self));
        boolean otherRecordRead = records.stream().anyMatch(r -> !r.node().equals(self));
        if (othersApproved && !otherRecordRead) {
            host.peers.putAll(peersBefore);
        }
        // A route the agent does not manage stays, unless a backbone peer carried its prefix (only the agent puts one there).
        routesBefore.forEach((prefix, device) -> {
            boolean carriedBefore = peersBefore.values().stream().anyMatch(p -> p.allowedIps().contains(prefix));
            if (!host.routes.containsKey(prefix) && !managed.contains(prefix) && !carriedBefore) {
                host.routes.put(prefix, device);
            }
        });
        return host;
    }

    /**
     * Whether an owner entry may be routed at all: not a forbidden prefix, its owner approved, and
     * the prefix a registered client's address inside the client CIDR or one of the owner's approved VPCs.
     */
    static boolean allowed(Registry registry, RouteEntry e) {
        NodeApproval owner = registry.approvals().get(e.owner());
        if (owner == null || PrefixRules.refusal(e.prefix()).isPresent()) {
            return false;
        }
        boolean client = registry.settings().isPresent() && registry.settings().get().clientCidr().contains(e.prefix())
                && registry.clients().values().stream().anyMatch(c -> c.address().equals(e.prefix()));
        return client || owner.vpcCidrs().contains(e.prefix());
    }

    private static boolean forbidden(Endpoint endpoint) {
        return endpoint.host().matches("[0-9.]+") && PrefixRules.refusal(Cidr.host(endpoint.host())).isPresent();
    }
}
