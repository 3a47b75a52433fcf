package dev.wgroam.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final HealthPolicy policy = new HealthPolicy(Duration.ofSeconds(90), Duration.ofMinutes(5));

    private static HealthInputs inputs(boolean clientsUp, Instant reconciled, List<Instant> backbone) {
        return new HealthInputs(Map.of("clients", clientsUp, "backbone", true), reconciled, backbone);
    }

    @Test
    void evaluate_whenAllFresh_isHealthy() {
        var verdict = policy.evaluate(inputs(true, NOW.minusSeconds(20), List.of(NOW.minusSeconds(100))), NOW);

        assertTrue(verdict.healthy(), verdict.reasons().toString());
    }

    @Test
    void evaluate_whenClientsInterfaceDown_isUnhealthyAndSaysWhy() {
        var verdict = policy.evaluate(inputs(false, NOW.minusSeconds(20), List.of(NOW)), NOW);

        assertFalse(verdict.healthy());
        assertEquals(List.of("interface clients is down"), verdict.reasons());
    }

    @Test
    void evaluate_whenReconcileStale_isUnhealthy() {
        assertFalse(policy.evaluate(inputs(true, NOW.minusSeconds(91), List.of(NOW)), NOW).healthy());
        assertFalse(policy.evaluate(inputs(true, Instant.EPOCH, List.of(NOW)), NOW).healthy());
    }

    @Test
    void evaluate_whenEveryBackboneHandshakeStale_isUnhealthy_butOneFreshPeerIsEnough() {
        Instant stale = NOW.minus(Duration.ofMinutes(6));

        assertFalse(policy.evaluate(inputs(true, NOW, List.of(stale, stale)), NOW).healthy());
        assertTrue(policy.evaluate(inputs(true, NOW, List.of(stale, NOW.minusSeconds(10))), NOW).healthy());
    }

    @Test
    void evaluate_whenNoOtherNodes_backboneDoesNotCount() {
        assertTrue(policy.evaluate(inputs(true, NOW, List.of()), NOW).healthy());
    }
}
