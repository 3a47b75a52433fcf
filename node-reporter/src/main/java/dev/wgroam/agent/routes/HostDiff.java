package dev.wgroam.agent.routes;

import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The changes that bring a host from {@code actual} to {@code desired}, a pure function. Adds come
 * before deletes (peers, then route replaces, then route deletes, then peer removals), so a prefix
 * that moves is never without a route; only what differs changes. Routes are touched only for
 * managed prefixes: those given, and any prefix an actual backbone peer carries (only the agent
 * puts prefixes there), so leftovers are cleaned even after a restart forgot what was managed.
 */
public final class HostDiff {

    private HostDiff() {
    }

    /**
     * @param removePeers whether backbone peers absent from {@code desired} are removed; false when the
     *                    node records could not be trusted (e.g. none were read at all)
     */
    public static List<HostChange> between(HostState actual, HostState desired, Set<Cidr> managed, boolean removePeers) {
        List<HostChange> changes = new ArrayList<>();
        for (BackbonePeer peer : sortedPeers(desired.peers())) {
            if (!peer.equals(actual.peers().get(peer.key()))) {
                changes.add(new HostChange.UpsertPeer(peer));
            }
        }
        new TreeMap<>(desired.routes()).forEach((prefix, device) -> {
            if (!device.equals(actual.routes().get(prefix))) {
                changes.add(new HostChange.ReplaceRoute(prefix, device));
            }
        });
        Set<Cidr> ours = new HashSet<>(managed);
        actual.peers().values().forEach(p -> ours.addAll(p.allowedIps()));
        new TreeMap<>(actual.routes()).forEach((prefix, device) -> {
            if (ours.contains(prefix) && !desired.routes().containsKey(prefix)) {
                changes.add(new HostChange.DeleteRoute(prefix, device));
            }
        });
        if (removePeers) {
            for (BackbonePeer peer : sortedPeers(actual.peers())) {
                if (!desired.peers().containsKey(peer.key())) {
                    changes.add(new HostChange.RemovePeer(peer.key()));
                }
            }
        }
        return changes;
    }

    private static List<BackbonePeer> sortedPeers(Map<PeerKey, BackbonePeer> peers) {
        return new TreeMap<>(peers).values().stream().toList();
    }
}
