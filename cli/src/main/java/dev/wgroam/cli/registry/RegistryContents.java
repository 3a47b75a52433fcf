package dev.wgroam.cli.registry;

import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import java.util.List;
import java.util.Optional;

/**
 * The registry as written — fleet settings, every approval and every client that decoded — before
 * {@link Registry#of} decides what is believed. Writes are checked against both: what is written
 * (a name or key already taken) and what is believed (nothing believed now may stop being so).
 */
public final class RegistryContents {

    private final FleetSettings settings;
    private final List<NodeApproval> approvals;
    private final List<RegisteredClient> clients;
    private final String malformed;

    /**
     * @param settings  null when the operator has set none yet
     * @param malformed a one-line summary of the items that did not decode; empty when none
     */
    public RegistryContents(FleetSettings settings, List<NodeApproval> approvals, List<RegisteredClient> clients,
                            String malformed) {
        this.settings = settings;
        this.approvals = List.copyOf(approvals);
        this.clients = List.copyOf(clients);
        this.malformed = malformed;
    }

    public Optional<FleetSettings> settings() {
        return Optional.ofNullable(settings);
    }

    public List<NodeApproval> approvals() {
        return approvals;
    }

    public List<RegisteredClient> clients() {
        return clients;
    }

    /** One line on the items that did not decode (left out of everything here); empty when none. */
    public String malformed() {
        return malformed;
    }

    /** What every consumer believes of these contents. */
    public Registry believed() {
        return Registry.of(settings, approvals, clients);
    }

    /** The fleet settings, or a refusal saying they come first. */
    public FleetSettings requireSettings() {
        if (settings == null) {
            throw new RegistryRefusedException("no fleet settings yet: set them first with"
                    + " `wg-roam fleet set --client-cidr CIDR --backbone-range CIDR --accelerator ADDRESS`");
        }
        return settings;
    }
}
