package dev.wgroam.agent.report;

import static dev.wgroam.agent.report.ReportPolicy.Decision.CLAIM;
import static dev.wgroam.agent.report.ReportPolicy.Decision.REFRESH;
import static dev.wgroam.agent.report.ReportPolicy.Decision.SKIP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.agent.routes.OwnerBook;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportPolicyTest {

    private static final NodeId SELF = new NodeId("node-a");
    private static final NodeId OTHER = new NodeId("node-b");
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final ReportPolicy policy = new ReportPolicy(SELF, Duration.ofMinutes(15), Duration.ofSeconds(5));

    private static OwnerBook.Entry owner(NodeId node, long version, Instant handshake) {
        return new OwnerBook.Entry(new RouteEntry(Cidr.parse("10.50.0.7/32"), node, version), handshake);
    }

    private static Instant t(long secondsBeforeNow) {
        return NOW.minusSeconds(secondsBeforeNow);
    }

    @Test
    void decide_whenNeverHandshaked_skips() {
        assertEquals(SKIP, policy.decide(Instant.EPOCH, null, null, NOW));
    }

    @Test
    void decide_whenClientHasNoOwner_claimsOnceForEachNewHandshake() {
        assertEquals(CLAIM, policy.decide(t(10), null, null, NOW));
        assertEquals(SKIP, policy.decide(t(10), null, new ReportPolicy.Reported(t(10), t(9)), NOW));
        assertEquals(CLAIM, policy.decide(t(1), null, new ReportPolicy.Reported(t(10), t(9)), NOW));
    }

    @Test
    void decide_whenOtherOwnerIsFresherOrWithinMargin_skipsBecauseTheClaimCannotWin() {
        assertEquals(SKIP, policy.decide(t(10), owner(OTHER, 1, t(12)), null, NOW));
        assertEquals(SKIP, policy.decide(t(10), owner(OTHER, 1, t(5)), null, NOW));
        assertEquals(CLAIM, policy.decide(t(10), owner(OTHER, 1, t(16)), null, NOW));
    }

    @Test
    void decide_whenOwnedHere_refreshesOncePerLease() {
        OwnerBook.Entry mine = owner(SELF, 1, t(3600));

        assertEquals(REFRESH, policy.decide(t(5), mine, null, NOW));
        assertEquals(SKIP, policy.decide(t(5), mine, new ReportPolicy.Reported(t(100), t(899)), NOW));
        assertEquals(REFRESH, policy.decide(t(5), mine, new ReportPolicy.Reported(t(100), t(900)), NOW));
    }

    @Test
    void steadyState_ownedClientHandshakingEveryTwoMinutes_costsFourWritesPerHour() {
        // A simulated hour of 1 s polls: the budget the docs state, derived from the rule itself.
        OwnerBook.Entry mine = owner(SELF, 1, t(7200));
        ReportPolicy.Reported last = new ReportPolicy.Reported(t(7200), t(7200));
        int writes = 0;
        for (int second = 0; second < 3600; second++) {
            Instant now = NOW.plusSeconds(second);
            Instant handshake = NOW.plusSeconds(second - second % 120);
            if (policy.decide(handshake, mine, last, now) != SKIP) {
                writes++;
                last = new ReportPolicy.Reported(handshake, now);
            }
        }
        assertEquals(4, writes);
    }
}
