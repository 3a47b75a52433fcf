package dev.wgroam.agent.routes;

import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.Map;

/** The part of a host's network state the agent manages: backbone peers and routes by prefix. */
public record HostState(Map<PeerKey, BackbonePeer> peers, Map<Cidr, InterfaceName> routes) {

    public static final HostState EMPTY = new HostState(Map.of(), Map.of());

    public HostState {
        peers = Map.copyOf(peers);
        routes = Map.copyOf(routes);
    }
}
