package dev.wgroam.agent.routes;

import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a host's network state the agent manages: backbone peers, the clients interface's
 * peers and routes by prefix.
 *
 * @param clientPeers the clients interface's peers: key → allowed IPs, sorted without repeats (a
 *                    registered client has exactly its /32; a hand-configured peer may have any)
 */
public record HostState(Map<PeerKey, BackbonePeer> peers, Map<PeerKey, List<Cidr>> clientPeers,
                        Map<Cidr, InterfaceName> routes) {

    public static final HostState EMPTY = new HostState(Map.of(), Map.of(), Map.of());

    public HostState {
        peers = Map.copyOf(peers);
        Map<PeerKey, List<Cidr>> sorted = new HashMap<>();
        clientPeers.forEach((key, ips) -> sorted.put(key, ips.stream().sorted().distinct().toList()));
        clientPeers = Map.copyOf(sorted);
        routes = Map.copyOf(routes);
    }
}
