package dev.wgroam.registry;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The registry as every consumer believes it: the fleet settings, the approved nodes and the
 * registered clients, checked against each other once — a pure function of what the operator
 * wrote. What does not fit is left out and listed in {@link #refusals()}, so one bad entry cannot
 * take the others down:
 * <ul>
 *   <li>a client whose address is outside the client CIDR, or shared with another client (both go);</li>
 *   <li>an approval whose backbone address is outside the backbone range, or whose backbone key or
 *       address another approval also has (all of them go);</li>
 *   <li>a VPC CIDR that overlaps the client CIDR or the backbone range, or overlaps another node's
 *       CIDR other than as the same CIDR of an HA pair in one region (the CIDR goes on every node
 *       that lists it; the nodes stay approved);</li>
 *   <li>two different entries for one client key or one node id (all of them go).</li>
 * </ul>
 * Without fleet settings nothing is routable: no client is believed and no node approved.
 */
public final class Registry {

    public static final Registry EMPTY = of(null, List.of(), List.of());

    private final FleetSettings settings;
    private final Map<NodeId, NodeApproval> nodes;
    private final Map<PeerKey, RegisteredClient> clients;
    private final Map<Cidr, RegisteredClient> clientsByAddress;
    private final List<String> refusals;

    private Registry(FleetSettings settings, Map<NodeId, NodeApproval> nodes, Map<PeerKey, RegisteredClient> clients,
                     List<String> refusals) {
        this.settings = settings;
        this.nodes = Collections.unmodifiableMap(nodes);
        this.clients = Collections.unmodifiableMap(clients);
        Map<Cidr, RegisteredClient> byAddress = new HashMap<>();
        clients.values().forEach(c -> byAddress.put(c.address(), c));
        this.clientsByAddress = Collections.unmodifiableMap(byAddress);
        this.refusals = refusals.stream().sorted().toList();
    }

    /** @param settings the fleet settings; null when the operator has written none yet */
    public static Registry of(FleetSettings settings, Collection<NodeApproval> approvals,
                              Collection<RegisteredClient> registered) {
        List<String> refusals = new ArrayList<>();
        if (settings == null) {
            if (!approvals.isEmpty() || !registered.isEmpty()) {
                refusals.add("no fleet settings: " + approvals.size() + " approvals and " + registered.size()
                        + " clients are not believed until the operator sets the client CIDR and backbone range");
            }
            return new Registry(null, Map.of(), Map.of(), refusals);
        }
        return new Registry(settings, approvedNodes(settings, approvals, refusals),
                believedClients(settings, registered, refusals), refusals);
    }

    private static Map<PeerKey, RegisteredClient> believedClients(FleetSettings settings,
                                                                  Collection<RegisteredClient> registered,
                                                                  List<String> refusals) {
        Map<Cidr, List<RegisteredClient>> byAddress = new TreeMap<>();
        Map<PeerKey, RegisteredClient> byKey = new HashMap<>();
        for (RegisteredClient c : unique(registered, RegisteredClient::key, "client key", refusals).values()) {
            if (!settings.clientCidr().contains(c.address())) {
                refusals.add("client " + c.name() + ": " + c.address() + " is outside the client CIDR " + settings.clientCidr());
                continue;
            }
            byKey.put(c.key(), c);
            byAddress.computeIfAbsent(c.address(), a -> new ArrayList<>()).add(c);
        }
        byAddress.forEach((address, holders) -> {
            if (holders.size() > 1) {
                refusals.add(address + " is registered to " + holders.size() + " clients ("
                        + holders.stream().map(c -> c.name().value()).sorted().toList() + "): none is believed");
                holders.forEach(c -> byKey.remove(c.key()));
            }
        });
        return byKey;
    }

    private static Map<NodeId, NodeApproval> approvedNodes(FleetSettings settings, Collection<NodeApproval> approvals,
                                                           List<String> refusals) {
        Map<NodeId, NodeApproval> byNode = new TreeMap<>(unique(approvals, NodeApproval::node, "node", refusals));
        Set<NodeId> refused = new HashSet<>();
        Map<Object, List<NodeId>> holders = new HashMap<>();
        for (NodeApproval a : byNode.values()) {
            if (!settings.backboneRange().contains(a.backboneAddress())) {
                refusals.add("node " + a.name() + ": backbone address " + a.backboneAddress()
                        + " is outside the backbone range " + settings.backboneRange());
                refused.add(a.node());
            }
            holders.computeIfAbsent(a.backboneAddress(), k -> new ArrayList<>()).add(a.node());
            holders.computeIfAbsent(a.backboneKey(), k -> new ArrayList<>()).add(a.node());
        }
        holders.forEach((held, nodes) -> {
            if (nodes.size() > 1) {
                refusals.add("backbone " + (held instanceof PeerKey key ? "key " + key.shortForm() : "address " + held)
                        + " is approved for " + nodes.size() + " nodes " + nodes.stream().sorted().toList() + ": none is believed");
                refused.addAll(nodes);
            }
        });
        refused.forEach(byNode::remove);

        Set<Cidr> refusedCidrs = new HashSet<>();
        List<NodeApproval> all = List.copyOf(byNode.values());
        for (NodeApproval a : all) {
            for (Cidr cidr : a.vpcCidrs()) {
                if (cidr.overlaps(settings.clientCidr()) || cidr.overlaps(settings.backboneRange())) {
                    refusals.add("node " + a.name() + ": VPC CIDR " + cidr + " overlaps the client CIDR or the backbone range");
                    refusedCidrs.add(cidr);
                }
                for (NodeApproval b : all) {
                    if (b == a) {
                        continue;
                    }
                    for (Cidr other : b.vpcCidrs()) {
                        boolean haPair = other.equals(cidr) && b.region().equals(a.region());
                        if (other.overlaps(cidr) && !haPair && a.node().compareTo(b.node()) < 0) {
                            refusals.add("VPC CIDR " + cidr + " of node " + a.name() + " overlaps " + other + " of node "
                                    + b.name() + (other.equals(cidr) ? " in another region" : "") + ": neither is believed");
                            refusedCidrs.add(cidr);
                            refusedCidrs.add(other);
                        }
                    }
                }
            }
        }
        if (!refusedCidrs.isEmpty()) {
            byNode.replaceAll((node, a) -> new NodeApproval(a.node(), a.name(), a.region(),
                    a.vpcCidrs().stream().filter(c -> !refusedCidrs.contains(c)).toList(), a.backboneKey(),
                    a.backboneAddress(), a.primary(), a.gaEndpointId(), a.approvedAt()));
        }
        return byNode;
    }

    /**
     * The entries by key, each key once. The table keeps one item per key, so two different entries
     * under one key come only from a caller's mistake; neither is believed, whatever the order.
     */
    private static <K, V> Map<K, V> unique(Collection<V> entries, Function<V, K> keyOf, String what,
                                           List<String> refusals) {
        Map<K, Set<V>> byKey = new HashMap<>();
        entries.forEach(e -> byKey.computeIfAbsent(keyOf.apply(e), k -> new HashSet<>()).add(e));
        Map<K, V> unique = new HashMap<>();
        byKey.forEach((key, versions) -> {
            if (versions.size() == 1) {
                unique.put(key, versions.iterator().next());
            } else {
                refusals.add(what + " " + key + " comes in " + versions.size() + " different entries: none is believed");
            }
        });
        return unique;
    }

    /** The fleet settings; empty when the operator has written none. */
    public Optional<FleetSettings> settings() {
        return Optional.ofNullable(settings);
    }

    /** The node's approval as believed (refused VPC CIDRs removed); empty when it is not approved. */
    public Optional<NodeApproval> approval(NodeId node) {
        return Optional.ofNullable(nodes.get(node));
    }

    /** Every believed approval, by node id. */
    public Map<NodeId, NodeApproval> approvals() {
        return nodes;
    }

    /** The registered client with this key; empty when none is believed. */
    public Optional<RegisteredClient> client(PeerKey key) {
        return Optional.ofNullable(clients.get(key));
    }

    /** The registered client at this address; empty when none is believed. */
    public Optional<RegisteredClient> clientAt(Cidr address) {
        return Optional.ofNullable(clientsByAddress.get(address));
    }

    /** Every believed client, by key. */
    public Map<PeerKey, RegisteredClient> clients() {
        return clients;
    }

    /** Whether some approved node may serve {@code prefix} as a VPC CIDR. */
    public boolean isApprovedVpc(Cidr prefix) {
        return nodes.values().stream().anyMatch(a -> a.vpcCidrs().contains(prefix));
    }

    /** What the operator wrote that is not believed, one line each, sorted: the same input gives the same lines. */
    public List<String> refusals() {
        return refusals;
    }
}
