package dev.wgroam.agent.routes;

import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The host state this node should have, derived from the owner book and the node records — a pure
 * function. Clients owned here are routed into the clients interface; prefixes owned by another
 * node go into that node's backbone peer and are routed over the backbone; this node's own VPC
 * prefixes are left to the VPC. Another VPC — even of the same region — is reached only through its
 * owner: VPC peering drops traffic from client addresses, and the owner's backbone peer must carry
 * the VPC prefix anyway, since WireGuard also checks inner source addresses against allowed IPs.
 *
 * <p>Only two kinds of prefix are ever routed: a client's /32 outside every VPC prefix, and a VPC
 * prefix some node record lists. Anything else an owner item names (a default route, a /8) is
 * refused, so a corrupt or hostile owner item cannot take over the node's own routing.
 *
 * @param book         the owner book the state was derived from
 * @param ownerUnknown prefixes whose owner has no node record yet, with that owner
 * @param refused      prefixes that are neither a client /32 nor a listed VPC prefix
 */
public record DesiredState(HostState state, OwnerBook book, Map<Cidr, NodeId> ownerUnknown, Set<Cidr> refused) {

    public DesiredState {
        Objects.requireNonNull(book, "book");
        ownerUnknown = Map.copyOf(ownerUnknown);
        refused = Set.copyOf(refused);
    }

    public static DesiredState of(NodeId self, Collection<Cidr> ownVpcPrefixes, OwnerBook book,
                                  Collection<NodeRecord> nodes, Interfaces interfaces) {
        Map<NodeId, NodeRecord> others = new HashMap<>();
        Set<Cidr> vpcPrefixes = new HashSet<>();
        for (NodeRecord n : nodes) {
            vpcPrefixes.addAll(n.vpcPrefixes());
            if (!n.node().equals(self)) {
                others.put(n.node(), n);
            }
        }
        Map<NodeId, List<Cidr>> allowed = new HashMap<>();
        Map<Cidr, InterfaceName> routes = new HashMap<>();
        Map<Cidr, NodeId> ownerUnknown = new HashMap<>();
        Set<Cidr> refused = new HashSet<>();
        for (RouteEntry entry : book.entries().values()) {
            Cidr prefix = entry.prefix();
            boolean vpc = vpcPrefixes.contains(prefix);
            boolean client = prefix.isHost() && !insideAny(vpcPrefixes, prefix);
            if (!vpc && !client) {
                refused.add(prefix);
                continue;
            }
            if (ownVpcPrefixes.contains(prefix)) {
                continue;
            }
            if (entry.owner().equals(self)) {
                if (!vpc) {
                    routes.put(prefix, interfaces.clients());
                }
                continue;
            }
            NodeRecord owner = others.get(entry.owner());
            if (owner == null) {
                ownerUnknown.put(prefix, entry.owner());
            } else {
                allowed.computeIfAbsent(owner.node(), k -> new ArrayList<>()).add(prefix);
                routes.put(prefix, interfaces.backbone());
            }
        }
        Map<PeerKey, BackbonePeer> peers = new HashMap<>();
        for (NodeRecord n : others.values()) {
            List<Cidr> ips = allowed.computeIfAbsent(n.node(), k -> new ArrayList<>());
            ips.add(n.backboneAddress());
            peers.put(n.backboneKey(), new BackbonePeer(n.backboneKey(), n.backboneEndpoint(), ips));
            routes.put(n.backboneAddress(), interfaces.backbone());
        }
        return new DesiredState(new HostState(peers, routes), book, ownerUnknown, refused);
    }

    /** A loop, not a stream: it runs for every entry of the book at every pass. */
    private static boolean insideAny(Set<Cidr> prefixes, Cidr prefix) {
        for (Cidr p : prefixes) {
            if (p.contains(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the agent owns the route to {@code prefix}: every prefix of the book it did not refuse,
     * and every other node's backbone address (all routed). Routes to anything else are never touched.
     * Derived, not kept as a set: a pass would otherwise copy one entry per client.
     */
    public boolean manages(Cidr prefix) {
        return state.routes().containsKey(prefix) || (book.entries().containsKey(prefix) && !refused.contains(prefix));
    }
}
