package dev.wgroam.agent.report;

import dev.wgroam.agent.routes.OwnerBook;
import dev.wgroam.fleet.NodeId;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides which of this node's observations are worth a write (DESIGN.md, "Writes"). Only writes
 * that can change an answer: a <em>claim</em> when this node sees a handshake newer than the
 * owner's (by more than the skew margin the ownership rule uses, else the claim cannot win) and
 * newer than what it last reported; a <em>refresh</em> of a client it owns once per lease, so the
 * table never holds an owner's handshake much older than the truth. Steady state is one refresh
 * per owned client per lease: with the default 15 min, 4 writes per client-hour.
 */
public final class ReportPolicy {

    /** Why an observation is written, or that it is not. */
    public enum Decision { CLAIM, REFRESH, SKIP }

    /** What this node last wrote for a client: the handshake and when it was written. */
    public record Reported(Instant handshake, Instant writtenAt) {
    }

    private final NodeId self;
    private final Duration lease;
    private final Duration skewMargin;

    public ReportPolicy(NodeId self, Duration lease, Duration skewMargin) {
        this.self = self;
        this.lease = lease;
        this.skewMargin = skewMargin;
    }

    /**
     * @param handshake the client's latest handshake here (EPOCH = never)
     * @param owner     the client's owner as the owner book has it; null when it has none yet. Its
     *                  handshake is EPOCH when only a push told of it, so any claim can win
     * @param last      what this node last wrote for the client; null when nothing yet
     */
    public Decision decide(Instant handshake, OwnerBook.Entry owner, Reported last, Instant now) {
        if (!handshake.isAfter(Instant.EPOCH)) {
            return Decision.SKIP;
        }
        if (owner != null && owner.owner().equals(self)) {
            boolean leaseDue = last == null || !now.isBefore(last.writtenAt().plus(lease));
            return leaseDue ? Decision.REFRESH : Decision.SKIP;
        }
        boolean news = last == null || handshake.isAfter(last.handshake());
        boolean canWin = owner == null || handshake.isAfter(owner.handshake().plus(skewMargin));
        return news && canWin ? Decision.CLAIM : Decision.SKIP;
    }
}
