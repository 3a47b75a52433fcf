package dev.wgroam.agent.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the agent knows of its own ability to forward, gathered at one moment.
 *
 * @param interfacesUp          interface name → administratively up
 * @param lastReconcileSuccess  when a reconcile last read the table and applied its result; EPOCH if never
 * @param backboneHandshakes    latest handshake of each backbone peer (EPOCH = never)
 */
public record HealthInputs(Map<String, Boolean> interfacesUp, Instant lastReconcileSuccess,
                           List<Instant> backboneHandshakes) {

    public HealthInputs {
        interfacesUp = Map.copyOf(interfacesUp);
        backboneHandshakes = List.copyOf(backboneHandshakes);
    }
}
