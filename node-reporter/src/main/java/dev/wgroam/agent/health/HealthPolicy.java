package dev.wgroam.agent.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides whether this node can really forward, which is what Global Accelerator's health check
 * must see: both interfaces up, a reconcile that succeeded recently (routes are current), and —
 * when there are other nodes — at least one backbone peer with a fresh handshake.
 */
public final class HealthPolicy {

    /** The verdict and, when unhealthy, every reason, for the log and the status CLI. */
    public record Verdict(boolean healthy, List<String> reasons) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }
    }

    private final Duration reconcileMaxAge;
    private final Duration backboneHandshakeMaxAge;

    public HealthPolicy(Duration reconcileMaxAge, Duration backboneHandshakeMaxAge) {
        this.reconcileMaxAge = reconcileMaxAge;
        this.backboneHandshakeMaxAge = backboneHandshakeMaxAge;
    }

    public Verdict evaluate(HealthInputs inputs, Instant now) {
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : inputs.interfacesUp().entrySet()) {
            if (!e.getValue()) {
                reasons.add("interface " + e.getKey() + " is down");
            }
        }
        if (inputs.lastReconcileSuccess().isBefore(now.minus(reconcileMaxAge))) {
            reasons.add(inputs.lastReconcileSuccess().equals(Instant.EPOCH)
                    ? "no reconcile has succeeded yet"
                    : "last successful reconcile at " + inputs.lastReconcileSuccess() + " is older than " + reconcileMaxAge);
        }
        if (!inputs.backboneHandshakes().isEmpty()
                && inputs.backboneHandshakes().stream().allMatch(h -> h.isBefore(now.minus(backboneHandshakeMaxAge)))) {
            reasons.add("no backbone peer has handshaked within " + backboneHandshakeMaxAge);
        }
        return new Verdict(reasons.isEmpty(), reasons);
    }
}
