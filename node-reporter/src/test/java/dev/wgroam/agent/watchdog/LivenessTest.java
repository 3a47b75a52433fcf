package dev.wgroam.agent.watchdog;

import static dev.wgroam.agent.watchdog.Liveness.Probe.ANSWERED;
import static dev.wgroam.agent.watchdog.Liveness.Probe.NOT_SENT;
import static dev.wgroam.agent.watchdog.Liveness.Probe.UNANSWERED;
import static dev.wgroam.agent.watchdog.Watchdog.Outcome.HEALTHY;
import static dev.wgroam.agent.watchdog.Watchdog.Outcome.REBOUND;
import static dev.wgroam.agent.watchdog.Watchdog.Outcome.WAITING_FOR_FIRST_HANDSHAKE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.agent.watchdog.Liveness.Probe;
import dev.wgroam.agent.watchdog.Watchdog.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure decision, driven one check at a time as the watchdog drives it. */
class LivenessTest {

    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final Duration PROBING = Duration.ofSeconds(3);
    static final Duration HANDSHAKES_ONLY = Duration.ofSeconds(150);
    static final long NEVER = Long.MIN_VALUE;

    /** A sequence of checks against one state, as one watchdog makes them. */
    static final class Watch {
        final Duration deadAfter;
        Liveness.State state = Liveness.State.BEFORE_FIRST_CHECK;

        Watch(Duration deadAfter) {
            this.deadAfter = deadAfter;
        }

        /** One check at T0 + {@code second}, with the handshake at T0 + {@code handshakeSecond} (or never). */
        Outcome check(double second, long handshakeSecond, Probe probe) {
            Instant handshake = handshakeSecond == NEVER ? Instant.EPOCH : T0.plusSeconds(handshakeSecond);
            Liveness.Decision decision = Liveness.decide(state, new Liveness.Seen(at(second), handshake, probe), deadAfter);
            state = decision.next();
            return decision.outcome();
        }

        static Instant at(double second) {
            return T0.plusMillis(Math.round(second * 1000));
        }
    }

    final Watch probing = new Watch(PROBING);

    @Test
    void replies_keepTheTunnelHealthy_evenWithAHandshakeOlderThanDeadAfter() {
        // WireGuard re-handshakes only every 2 minutes; the replies are what show the tunnel alive.
        for (int s = 0; s <= 20; s++) {
            assertEquals(HEALTHY, probing.check(s, -100, ANSWERED), "check at " + s + " s");
        }
    }

    @Test
    void aFewLostReplies_shorterThanDeadAfter_areNotDeath() {
        probing.check(0, -100, ANSWERED);

        assertEquals(HEALTHY, probing.check(1, -100, UNANSWERED));
        assertEquals(HEALTHY, probing.check(2, -100, UNANSWERED));
        assertEquals(HEALTHY, probing.check(3, -100, UNANSWERED));
        assertEquals(HEALTHY, probing.check(4, -100, ANSWERED));
        assertEquals(HEALTHY, probing.check(7, -100, UNANSWERED));
    }

    @Test
    void noReplyForLongerThanDeadAfter_rebinds() {
        probing.check(0, -100, ANSWERED);
        probing.check(1, -100, UNANSWERED);
        probing.check(2, -100, UNANSWERED);
        probing.check(3, -100, UNANSWERED);

        assertEquals(REBOUND, probing.check(3.001, -100, UNANSWERED));
    }

    @Test
    void aFreshHandshakeAfterARebind_isASignOfLife_whileRepliesAreNotRoutedBackYet() {
        probing.check(0, -100, ANSWERED);
        assertEquals(REBOUND, probing.check(4, -100, UNANSWERED));
        // The peer was reset, so the new node's handshake is the only one wg shows.
        assertEquals(HEALTHY, probing.check(5, 5, UNANSWERED));
        assertEquals(HEALTHY, probing.check(7.9, 5, UNANSWERED));
        assertEquals(HEALTHY, probing.check(8, 5, UNANSWERED));
        assertEquals(HEALTHY, probing.check(9, 5, ANSWERED));
        assertEquals(HEALTHY, probing.check(12, 5, UNANSWERED));
    }

    @Test
    void aHandshakeAfterARebind_withoutReplies_lastsOnlyDeadAfter() {
        probing.check(0, -100, ANSWERED);
        probing.check(4, -100, UNANSWERED);

        assertEquals(HEALTHY, probing.check(5, 5, UNANSWERED));
        assertEquals(REBOUND, probing.check(9, 5, UNANSWERED));
    }

    @Test
    void stillDeadAfterARebind_rebindsAgainAfterAnotherDeadAfter_andNotBefore() {
        probing.check(0, -100, ANSWERED);
        assertEquals(REBOUND, probing.check(4, -100, UNANSWERED));

        assertEquals(WAITING_FOR_FIRST_HANDSHAKE, probing.check(5, NEVER, UNANSWERED));
        assertEquals(WAITING_FOR_FIRST_HANDSHAKE, probing.check(6, NEVER, UNANSWERED));
        assertEquals(WAITING_FOR_FIRST_HANDSHAKE, probing.check(7, NEVER, UNANSWERED));
        assertEquals(REBOUND, probing.check(8, NEVER, UNANSWERED));
        assertEquals(WAITING_FOR_FIRST_HANDSHAKE, probing.check(9, NEVER, UNANSWERED));
        assertEquals(REBOUND, probing.check(12, NEVER, UNANSWERED));
    }

    @Test
    void beforeTheFirstHandshake_itWaitsDeadAfterFromItsFirstCheck_withOrWithoutProbe() {
        Watch handshakesOnly = new Watch(HANDSHAKES_ONLY);
        assertEquals(WAITING_FOR_FIRST_HANDSHAKE, handshakesOnly.check(0, NEVER, NOT_SENT));
        assertEquals(WAITING_FOR_FIRST_HANDSHAKE, handshakesOnly.check(150, NEVER, NOT_SENT));

        assertEquals(WAITING_FOR_FIRST_HANDSHAKE, probing.check(0, NEVER, UNANSWERED));
        assertEquals(WAITING_FOR_FIRST_HANDSHAKE, probing.check(1, NEVER, UNANSWERED));
        assertEquals(WAITING_FOR_FIRST_HANDSHAKE, probing.check(3, NEVER, UNANSWERED));
        assertEquals(HEALTHY, probing.check(3.5, 3, ANSWERED));
    }

    @Test
    void aTunnelThatNeverHandshakes_isReboundOnceDeadAfterHasPassedSinceTheFirstCheck() {
        probing.check(0, NEVER, UNANSWERED);

        assertEquals(REBOUND, probing.check(4, NEVER, UNANSWERED));
    }

    @Test
    void withProbe_theFirstCheckDoesNotJudgeTheRepliesItNeverWatched() {
        assertEquals(HEALTHY, probing.check(0, -100, UNANSWERED));
        assertEquals(HEALTHY, probing.check(3, -100, UNANSWERED));
        assertEquals(REBOUND, probing.check(4, -100, UNANSWERED));
    }

    @Test
    void handshakesOnly_anOldHandshakeAtTheFirstCheck_rebindsAtOnce() {
        Watch handshakesOnly = new Watch(HANDSHAKES_ONLY);

        assertEquals(REBOUND, handshakesOnly.check(0, -151, NOT_SENT));
    }

    @Test
    void handshakesOnly_judgesByTheHandshakeAlone() {
        Watch handshakesOnly = new Watch(HANDSHAKES_ONLY);

        assertEquals(HEALTHY, handshakesOnly.check(0, -100, NOT_SENT));
        assertEquals(HEALTHY, handshakesOnly.check(50, -100, NOT_SENT));
        assertEquals(REBOUND, handshakesOnly.check(51, -100, NOT_SENT));
        assertEquals(WAITING_FOR_FIRST_HANDSHAKE, handshakesOnly.check(52, NEVER, NOT_SENT));
        assertEquals(HEALTHY, handshakesOnly.check(60, 59, NOT_SENT));
        assertEquals(HEALTHY, handshakesOnly.check(209, 59, NOT_SENT));
        assertEquals(REBOUND, handshakesOnly.check(210, 59, NOT_SENT));
    }

    @Test
    void aClockSteppedBack_doesNotPostponeTheVerdict() {
        probing.check(3600, -100, ANSWERED);

        assertEquals(HEALTHY, probing.check(0, -100, UNANSWERED));
        assertEquals(REBOUND, probing.check(4, -100, UNANSWERED));
    }

    @Test
    void aReplyAtEveryCheck_neverRebinds_whateverTheHandshake() {
        List<Outcome> outcomes = new ArrayList<>();
        for (int s = 0; s < 600; s += 7) {
            outcomes.add(probing.check(s, s % 3 == 0 ? NEVER : s - 200, ANSWERED));
        }
        assertEquals(List.of(HEALTHY), outcomes.stream().distinct().toList());
    }
}
