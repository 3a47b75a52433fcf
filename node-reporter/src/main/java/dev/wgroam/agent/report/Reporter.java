package dev.wgroam.agent.report;

import dev.wgroam.agent.routes.OwnerBook;
import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.ownership.Observation;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
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
 * {@link ReportPolicy}) and queues them. Only registered clients are reported — nobody believes an
 * observation of any other key — and a client's address is the registry's, not what the
 * interface's allowed IPs say. Remembers what it last queued per client, only for the peers the
 * interface still has, so memory follows the peer list.
 */
public final class Reporter {

    /**
     * What one poll did, for logs and the benchmark.
     *
     * @param unroutable   registered clients that handshaked but cannot be served here: no endpoint,
     *                     or their registered address is not among the peer's allowed IPs
     * @param unregistered peers whose key no registered client has; never reported
     * @param queueRefused observations worth writing that the full write queue refused; the next
     *                     poll offers them again
     */
    public record PollResult(int peers, int claims, int refreshes, int unroutable, int unregistered, int queueRefused) {
    }

    private final NodeId self;
    private final ReportPolicy policy;
    private final WriteQueue queue;
    private final Map<PeerKey, ReportPolicy.Reported> reported = new HashMap<>();

    public Reporter(NodeId self, ReportPolicy policy, WriteQueue queue) {
        this.self = self;
        this.policy = policy;
        this.queue = queue;
    }

    /**
     * @param peers    the clients interface's peers, as just read
     * @param registry the registry as last read
     * @param owners   the owner book, which the owner of a client's registered address is looked up in
     */
    public PollResult poll(List<PeerState> peers, Registry registry, OwnerBook owners, Instant now) {
        int claims = 0;
        int refreshes = 0;
        int unroutable = 0;
        int unregistered = 0;
        int refused = 0;
        Set<PeerKey> present = new HashSet<>();
        for (PeerState peer : peers) {
            RegisteredClient client = registry.client(peer.key()).orElse(null);
            if (client == null) {
                unregistered++;
                continue;
            }
            present.add(peer.key());
            if (peer.endpoint() == null || !peer.allowedIps().contains(client.address())) {
                unroutable += peer.hasHandshake() ? 1 : 0;
                continue;
            }
            ReportPolicy.Decision decision = policy.decide(peer.latestHandshake(), owners.entries().get(client.address()),
                    reported.get(peer.key()), now);
            if (decision == ReportPolicy.Decision.SKIP) {
                continue;
            }
            Observation observation = new Observation(self, peer.key(), peer.latestHandshake(), peer.endpoint(),
                    peer.rxBytes(), peer.txBytes(), now);
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
        return new PollResult(peers.size(), claims, refreshes, unroutable, unregistered, refused);
    }
}
