package dev.wgroam.agent.report;

import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Observation;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns each poll of the clients interface into the observations worth writing (see
 * {@link ReportPolicy}) and queues them. Remembers what it last queued per client, only for the
 * peers the interface still has, so memory follows the peer list.
 */
public final class Reporter {

    /** What one poll did, for logs and the benchmark. */
    public record PollResult(int peers, int claims, int refreshes, int unroutable, int queueRefused) {
    }

    private final NodeId self;
    private final NodeName selfName;
    private final Region region;
    private final ReportPolicy policy;
    private final WriteQueue queue;
    private final Map<PeerKey, ReportPolicy.Reported> reported = new HashMap<>();

    public Reporter(NodeId self, NodeName selfName, Region region, ReportPolicy policy, WriteQueue queue) {
        this.self = self;
        this.selfName = selfName;
        this.region = region;
        this.policy = policy;
        this.queue = queue;
    }

    /**
     * @param peers  the clients interface's peers, as just read
     * @param owners the owner of each client prefix as this node knows it
     */
    public PollResult poll(List<PeerState> peers, Map<Cidr, OwnerView> owners, Instant now) {
        int claims = 0;
        int refreshes = 0;
        int unroutable = 0;
        int refused = 0;
        Set<PeerKey> present = new HashSet<>();
        for (PeerState peer : peers) {
            present.add(peer.key());
            Cidr prefix = ReportPolicy.clientPrefix(peer.allowedIps());
            if (prefix == null || peer.endpoint() == null) {
                unroutable += peer.hasHandshake() ? 1 : 0;
                continue;
            }
            ReportPolicy.Decision decision = policy.decide(peer.latestHandshake(), owners.get(prefix),
                    reported.get(peer.key()), now);
            if (decision == ReportPolicy.Decision.SKIP) {
                continue;
            }
            Observation observation = new Observation(self, selfName, region, peer.key(), prefix,
                    peer.latestHandshake(), peer.endpoint(), peer.rxBytes(), peer.txBytes(), now);
            if (!queue.offer(ObservationItem.toItem(observation))) {
                refused++;
                continue;
            }
            reported.put(peer.key(), new ReportPolicy.Reported(peer.latestHandshake(), now));
            if (decision == ReportPolicy.Decision.CLAIM) {
                claims++;
            } else {
                refreshes++;
            }
        }
        reported.keySet().retainAll(present);
        return new PollResult(peers.size(), claims, refreshes, unroutable, refused);
    }
}
