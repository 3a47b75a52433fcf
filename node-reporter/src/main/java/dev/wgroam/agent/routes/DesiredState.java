package dev.wgroam.agent.routes;

import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.PrefixRules;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The host state this node should have, a pure function of the registry, the owner book and the
 * node records. The registry is believed, a node's word only where it agrees:
 * <ul>
 *   <li>a backbone peer exists only for an approved node whose record names its approval's backbone
 *       key and address; the peer is built from the approval, only the endpoint is the record's;</li>
 *   <li>the clients interface has a peer for every registered client, allowed exactly its address;</li>
 *   <li>an owner entry is routed only for a registered client's address (inside the client CIDR),
 *       or for an approved VPC CIDR of the node that owns it; anything else is refused.</li>
 * </ul>
 * Clients owned here are routed into the clients interface; prefixes owned by another node go into
 * that node's backbone peer and are routed over the backbone; this node's own VPC CIDRs are left to
 * the VPC, even when its HA partner owns them (whose backbone peer is still allowed them as sources:
 * the VPC's replies come that way while its route table points there). Another VPC — even of the
 * same region — is reached only through its owner: VPC peering drops traffic from client addresses, and the owner's backbone
 * peer must carry the VPC prefix anyway, since WireGuard also checks inner source addresses.
 *
 * @param book             the owner book the state was derived from
 * @param ownerUnknown     prefixes whose approved owner has no node record this node believes, with that owner
 * @param refusedPrefixes  owner entries not believed, and why; never routed, never touched on the host
 * @param refusedRecords   node records not believed, and why; no peer is built from them
 */
public record DesiredState(HostState state, OwnerBook book, Map<Cidr, NodeId> ownerUnknown,
                           Map<Cidr, Refusal.Reason> refusedPrefixes, Map<NodeId, Refusal.Reason> refusedRecords) {

    public DesiredState {
        Objects.requireNonNull(book, "book");
        ownerUnknown = Map.copyOf(ownerUnknown);
        refusedPrefixes = Map.copyOf(refusedPrefixes);
        refusedRecords = Map.copyOf(refusedRecords);
    }

    /**
     * @param servingClients false once this node is drained and steered away from: its clients
     *                       interface then keeps only the clients without a watchdog, so the others'
     *                       watchdogs rebind elsewhere, and those that could not are not cut off
     */
    public static DesiredState of(NodeId self, Registry registry, OwnerBook book, Collection<NodeRecord> records,
                                  Interfaces interfaces, boolean servingClients) {
        Map<NodeId, NodeRecord> believed = new HashMap<>();
        Map<NodeId, Refusal.Reason> refusedRecords = believedRecords(self, registry, records, believed);
        NodeApproval own = registry.approvals().get(self);
        List<Cidr> ownVpc = own == null ? List.of() : own.vpcCidrs();

        Map<NodeId, List<Cidr>> allowed = new HashMap<>();
        Map<Cidr, InterfaceName> routes = new HashMap<>();
        Map<Cidr, NodeId> ownerUnknown = new HashMap<>();
        Map<Cidr, Refusal.Reason> refused = new HashMap<>();
        for (OwnerBook.Entry entry : book.entries().values()) {
            Cidr prefix = entry.prefix();
            Route kind = classify(prefix, entry.owner(), registry, ownVpc);
            if (kind.refusal() != null) {
                refused.put(prefix, kind.refusal());
                continue;
            }
            if (kind == Route.VPC && ownVpc.contains(prefix)) {
                // Routed into the VPC here; but the VPC's replies may come over the backbone from the
                // HA partner that owns it (where the VPC route table points), and WireGuard drops
                // them unless that peer is allowed their source.
                if (!entry.owner().equals(self) && believed.containsKey(entry.owner())) {
                    allowed.computeIfAbsent(entry.owner(), k -> new ArrayList<>()).add(prefix);
                }
                continue;
            }
            if (entry.owner().equals(self)) {
                routes.put(prefix, interfaces.clients());
                continue;
            }
            if (believed.containsKey(entry.owner())) {
                allowed.computeIfAbsent(entry.owner(), k -> new ArrayList<>()).add(prefix);
                routes.put(prefix, interfaces.backbone());
            } else {
                ownerUnknown.put(prefix, entry.owner());
            }
        }
        Map<PeerKey, BackbonePeer> peers = new HashMap<>();
        for (NodeRecord record : believed.values()) {
            NodeApproval approval = registry.approvals().get(record.node());
            List<Cidr> ips = allowed.computeIfAbsent(record.node(), k -> new ArrayList<>());
            ips.add(approval.backboneAddress());
            peers.put(approval.backboneKey(), new BackbonePeer(approval.backboneKey(), record.backboneEndpoint(), ips));
            routes.put(approval.backboneAddress(), interfaces.backbone());
        }
        return new DesiredState(new HostState(peers, clientPeers(registry, servingClients), routes), book,
                ownerUnknown, refused, refusedRecords);
    }

    /**
     * Every registered client as a peer of the clients interface, allowed exactly its registry
     * address and no endpoint (the client dials in). Only a client inside the client CIDR: the
     * registry keeps them there, and a peer outside it would be one the agent never removes. Not
     * serving, only the clients the operator registered without a watchdog: nothing would move them.
     */
    private static Map<PeerKey, List<Cidr>> clientPeers(Registry registry, boolean servingClients) {
        Map<PeerKey, List<Cidr>> peers = new HashMap<>();
        registry.settings().ifPresent(settings -> registry.clients().values().stream()
                .filter(client -> settings.clientCidr().contains(client.address()))
                .filter(client -> servingClients || !client.watchdog())
                .forEach(client -> peers.put(client.key(), List.of(client.address()))));
        return peers;
    }

    /** Why {@code entry} may not be routed here, or null when it may. */
    public static Refusal.Reason refusalOf(NodeId self, Registry registry, RouteEntry entry) {
        NodeApproval own = registry.approvals().get(self);
        return classify(entry.prefix(), entry.owner(), registry, own == null ? List.of() : own.vpcCidrs()).refusal();
    }

    /** What an owner entry may be routed as, or why it may not. */
    private enum Route {
        CLIENT(null), VPC(null),
        FORBIDDEN_PREFIX(Refusal.Reason.FORBIDDEN_PREFIX),
        BACKBONE_ADDRESS(Refusal.Reason.BACKBONE_ADDRESS),
        OWN_VPC(Refusal.Reason.OWN_VPC),
        UNAPPROVED_OWNER(Refusal.Reason.UNAPPROVED_OWNER),
        VPC_OF_ANOTHER_NODE(Refusal.Reason.VPC_OF_ANOTHER_NODE),
        OVERLAPS_APPROVED_VPC(Refusal.Reason.OVERLAPS_APPROVED_VPC),
        NOT_A_CLIENT_ADDRESS(Refusal.Reason.NOT_A_CLIENT_ADDRESS),
        UNREGISTERED_CLIENT(Refusal.Reason.UNREGISTERED_CLIENT);

        private final Refusal.Reason refusal;

        Route(Refusal.Reason refusal) {
            this.refusal = refusal;
        }

        Refusal.Reason refusal() {
            return refusal;
        }
    }

    private static Route classify(Cidr prefix, NodeId owner, Registry registry, List<Cidr> ownVpc) {
        if (PrefixRules.refusal(prefix).isPresent()) {
            return Route.FORBIDDEN_PREFIX;
        }
        NodeApproval ownerApproval = registry.approvals().get(owner);
        FleetSettings settings = registry.settings().orElse(null);
        boolean inClientCidr = settings != null && settings.clientCidr().contains(prefix);
        // Safe before the refusal checks: the registry keeps client addresses inside the client
        // CIDR, which overlaps no backbone address and no approved VPC.
        if (prefix.isHost() && inClientCidr && registry.clientAt(prefix).isPresent()) {
            return ownerApproval == null ? Route.UNAPPROVED_OWNER : Route.CLIENT;
        }
        if (ownerApproval != null && ownerApproval.vpcCidrs().contains(prefix)) {
            return Route.VPC;
        }
        // Refused: the rest only finds the reason that says most.
        Collection<NodeApproval> approvals = registry.approvals().values();
        if (approvals.stream().anyMatch(a -> a.backboneAddress().overlaps(prefix))) {
            return Route.BACKBONE_ADDRESS;
        }
        if (ownVpc.stream().anyMatch(c -> c.overlaps(prefix))) {
            return Route.OWN_VPC;
        }
        if (ownerApproval == null) {
            return Route.UNAPPROVED_OWNER;
        }
        if (registry.isApprovedVpc(prefix)) {
            return Route.VPC_OF_ANOTHER_NODE;
        }
        if (approvals.stream().flatMap(a -> a.vpcCidrs().stream()).anyMatch(c -> c.overlaps(prefix))) {
            return Route.OVERLAPS_APPROVED_VPC;
        }
        return inClientCidr && prefix.isHost() ? Route.UNREGISTERED_CLIENT : Route.NOT_A_CLIENT_ADDRESS;
    }

    /**
     * Fills {@code believed} with the records of other approved nodes that match their approval;
     * returns the refused ones. Two different records of one node are both refused.
     */
    private static Map<NodeId, Refusal.Reason> believedRecords(NodeId self, Registry registry,
                                                               Collection<NodeRecord> records,
                                                               Map<NodeId, NodeRecord> believed) {
        Map<NodeId, List<NodeRecord>> byNode = new TreeMap<>();
        for (NodeRecord record : records) {
            if (!record.node().equals(self)) {
                List<NodeRecord> of = byNode.computeIfAbsent(record.node(), n -> new ArrayList<>(1));
                if (!of.contains(record)) {
                    of.add(record);
                }
            }
        }
        Map<NodeId, Refusal.Reason> refused = new TreeMap<>();
        byNode.forEach((node, of) -> {
            NodeRecord record = of.get(0);
            NodeApproval approval = registry.approvals().get(node);
            Refusal.Reason reason = of.size() > 1 ? Refusal.Reason.DUPLICATE_RECORD
                    : approval == null ? Refusal.Reason.UNAPPROVED_NODE
                    : !approval.backboneKey().equals(record.backboneKey())
                            || !approval.backboneAddress().equals(record.backboneAddress()) ? Refusal.Reason.RECORD_MISMATCH
                    : isForbidden(record.backboneEndpoint()) ? Refusal.Reason.FORBIDDEN_ENDPOINT
                    : null;
            if (reason == null) {
                believed.put(node, record);
            } else {
                refused.put(node, reason);
            }
        });
        return refused;
    }

    /** An IPv4 endpoint in space no node routes (loopback, link-local, ...): the agent sends it nothing. */
    private static boolean isForbidden(Endpoint endpoint) {
        // Endpoint accepts only canonical dotted quads among all-digit hosts; names and IPv6 are never refused.
        boolean ipv4 = endpoint.host().chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        return ipv4 && PrefixRules.refusal(Cidr.host(endpoint.host())).isPresent();
    }

    /**
     * Whether the agent owns the route to {@code prefix}: every prefix of the book it did not refuse,
     * and every believed node's backbone address (all routed). Routes to anything else are never
     * touched.
     */
    public boolean manages(Cidr prefix) {
        return state.routes().containsKey(prefix)
                || (book.entries().containsKey(prefix) && !refusedPrefixes.containsKey(prefix));
    }

    /** Every refusal of this state, prefixes first, in a stable order. */
    public List<Refusal> refusals() {
        List<Refusal> all = new ArrayList<>();
        new TreeMap<>(refusedPrefixes).forEach((prefix, reason) -> all.add(new Refusal(prefix.toString(), reason)));
        refusedRecords.forEach((node, reason) -> all.add(new Refusal(node.value(), reason)));
        return all;
    }
}
