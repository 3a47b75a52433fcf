package dev.wgroam.cli.onboarding;

import dev.wgroam.cli.registry.OperatorRegistry;
import dev.wgroam.cli.registry.RegistryContents;
import dev.wgroam.cli.registry.RegistryRefusedException;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.wireguard.PeerKey;
import java.util.Optional;

/**
 * Registers a client, or gives a registered one a new key, and hands back its wg-quick config: the
 * one path {@code wg-roam client add|rotate} and local mode share. A key pair made here lives only
 * in the returned config.
 */
public final class Onboarding {

    /** Where a client that keeps its own private key puts it. */
    public static final String PRIVATE_KEY_PLACEHOLDER = "<the client's private key>";

    private final OperatorRegistry registry;

    public Onboarding(OperatorRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers {@code name} at the lowest free address: with the client's own public key when one is
     * given (the config then has a placeholder for its private key), else with a key pair made here.
     * {@code watchdog} records whether the client runs the watchdog that moves it off a drained node.
     */
    public Onboarded add(ClientName name, Optional<PeerKey> key, boolean watchdog) {
        return onboard(name, key, false, watchdog);
    }

    /** Gives {@code name} a new key, the given one or a pair made here, at the address it has. */
    public Onboarded rotate(ClientName name, Optional<PeerKey> key) {
        return onboard(name, key, true, false);
    }

    private Onboarded onboard(ClientName name, Optional<PeerKey> given, boolean rotate, boolean watchdog) {
        RegistryContents contents = registry.read();
        FleetSettings settings = contents.requireSettings();
        if (settings.clientsKey().isEmpty()) {
            throw new RegistryRefusedException("the fleet settings have no clients public key, so no client config can be"
                    + " made: wg-roam fleet set --clients-public-key KEY (the public key of every node's clients interface)");
        }
        ClientKeyPair pair = given.isPresent() ? null : ClientKeyPair.generate();
        PeerKey key = given.orElseGet(() -> pair.publicKey());
        RegisteredClient client = rotate ? registry.rotateClient(name, key) : registry.addClient(name, key, watchdog);
        String config = ClientConfig.wgQuick(client, pair == null ? PRIVATE_KEY_PLACEHOLDER : pair.privateKeyBase64(),
                settings, contents.believed().approvals().values());
        return new Onboarded(client, config, pair != null, settings);
    }

    /**
     * A client just registered or rotated, with its config. Not a record: the config holds the
     * private key when it was made here, so {@link #toString} leaves it out.
     */
    public static final class Onboarded {

        private final RegisteredClient client;
        private final String config;
        private final boolean keyMadeHere;
        private final FleetSettings settings;

        private Onboarded(RegisteredClient client, String config, boolean keyMadeHere, FleetSettings settings) {
            this.client = client;
            this.config = config;
            this.keyMadeHere = keyMadeHere;
            this.settings = settings;
        }

        public RegisteredClient client() {
            return client;
        }

        /** The wg-quick config, its private key included when it was made here. */
        public String config() {
            return config;
        }

        /** Whether the key pair was made here, so the config holds the only copy of the private key. */
        public boolean keyMadeHere() {
            return keyMadeHere;
        }

        /** The watchdog's command line for a client whose wg-quick interface is {@code iface}. */
        public String watchdog(String iface) {
            return ClientConfig.watchdog(settings, iface);
        }

        @Override
        public String toString() {
            return "onboarded " + client.name() + " at " + client.address() + " (key " + client.key().shortForm() + ")";
        }
    }
}
