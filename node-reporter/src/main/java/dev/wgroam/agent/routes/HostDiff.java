package dev.wgroam.agent.routes;

import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.routes.Cidr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The changes that bring a host from {@code actual} to {@code desired}, a pure function. Adds come
 * before deletes (peers, then route replaces, then route deletes, then peer removals), so a prefix
 * that moves is never without a route; only what differs changes. A rotated client's new key takes its address before the old key goes. Routes are touched only for
 * managed prefixes: those given, and any prefix an actual backbone peer carries (only the agent
 * puts prefixes there), so leftovers are cleaned even after a restart forgot what was managed.
 */
public final class HostDiff {

    private static final Comparator<BackbonePeer> BY_KEY = Comparator.comparing(BackbonePeer::key);

    private HostDiff() {
    }

    /**
     * @param managed     whether the agent manages a prefix's route; asked only of routes not desired
     * @param removePeers whether backbone peers absent from {@code desired} are removed; false when the
     *                    node records could not be trusted (e.g. none were read at all)
     * @param ownedClientAddress whether an address is the agent's to give a client (inside the client
     *                    CIDR): a clients-interface peer absent from {@code desired} is removed only
     *                    when one of its allowed IPs is, so peers configured by hand outside stay
     * @param removeClientPeers false when the registry's clients could not be trusted
     */
    public static List<HostChange> between(HostState actual, HostState desired, Predicate<Cidr> managed, boolean removePeers,
                                           Predicate<Cidr> ownedClientAddress, boolean removeClientPeers) {
        Map<Cidr, InterfaceName> want = desired.routes();
        Map<Cidr, InterfaceName> have = actual.routes();
        List<HostChange> changes = new ArrayList<>();
        desired.peers().values().stream()
                .filter(peer -> !peer.equals(actual.peers().get(peer.key())))
                .sorted(BY_KEY)
                .forEach(peer -> changes.add(new HostChange.UpsertPeer(peer)));
        desired.clientPeers().entrySet().stream()
                .filter(peer -> !peer.getValue().equals(actual.clientPeers().get(peer.getKey())))
                .sorted(Map.Entry.comparingByKey())
                .forEach(peer -> changes.add(new HostChange.UpsertClientPeer(peer.getKey(), peer.getValue().get(0))));
        want.keySet().stream()
                .filter(prefix -> !want.get(prefix).equals(have.get(prefix)))
                .sorted()
                .forEach(prefix -> changes.add(new HostChange.ReplaceRoute(prefix, want.get(prefix))));
        have.keySet().stream()
                .filter(prefix -> !want.containsKey(prefix))
                .filter(prefix -> managed.test(prefix) || carriedByAPeer(actual, prefix))
                .sorted()
                .forEach(prefix -> changes.add(new HostChange.DeleteRoute(prefix, have.get(prefix))));
        if (removePeers) {
            actual.peers().values().stream()
                    .filter(peer -> !desired.peers().containsKey(peer.key()))
                    .sorted(BY_KEY)
                    .forEach(peer -> changes.add(new HostChange.RemovePeer(peer.key())));
        }
        if (removeClientPeers) {
            actual.clientPeers().entrySet().stream()
                    .filter(peer -> !desired.clientPeers().containsKey(peer.getKey()))
                    .filter(peer -> peer.getValue().stream().anyMatch(ownedClientAddress))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(peer -> changes.add(new HostChange.RemoveClientPeer(peer.getKey())));
        }
        return changes;
    }

    /** Whether an actual backbone peer carries {@code prefix}; {@link BackbonePeer} keeps allowed IPs sorted. */
    private static boolean carriedByAPeer(HostState actual, Cidr prefix) {
        return actual.peers().values().stream().anyMatch(peer -> Collections.binarySearch(peer.allowedIps(), prefix) >= 0);
    }
}
