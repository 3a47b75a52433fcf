package dev.wgroam.cli.onboarding;

import dev.wgroam.cli.registry.ClientAddresses;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A registered client's wg-quick config and its watchdog's command line, from the fleet settings
 * and the approvals believed now: the client reaches the backbone range, the gateway its watchdog
 * probes and every approved VPC through the accelerator, and keeps its NAT mapping open with a keepalive.
 */
public final class ClientConfig {

    /** Often enough for every NAT and stateful firewall between a client and the accelerator. */
    public static final int PERSISTENT_KEEPALIVE = 25;

    private ClientConfig() {
    }

    /** The wg-quick config: {@code [Interface]} with the client's address and private key, one {@code [Peer]}. */
    public static String wgQuick(RegisteredClient client, String privateKeyBase64, FleetSettings settings,
                                 Collection<NodeApproval> approvals) {
        PeerKey clientsKey = requireClientsKey(settings);
        return "[Interface]\n"
                + "# Name = " + client.name() + "\n"
                + "Address = " + client.address() + "\n"
                + "PrivateKey = " + privateKeyBase64 + "\n"
                + "\n"
                + "[Peer]\n"
                + "PublicKey = " + clientsKey + "\n"
                + "Endpoint = " + settings.acceleratorAddress() + ":" + settings.clientPort() + "\n"
                + "AllowedIPs = " + String.join(", ", allowedIps(settings, approvals).stream().map(Cidr::toString).toList())
                + "\n"
                + "PersistentKeepalive = " + PERSISTENT_KEEPALIVE + "\n";
    }

    /**
     * The backbone range, the gateway (without it the watchdog's probe never enters the tunnel, so it
     * would rebind every few seconds), then every approved node's VPC CIDRs in address order, each once.
     */
    static List<Cidr> allowedIps(FleetSettings settings, Collection<NodeApproval> approvals) {
        List<Cidr> out = new ArrayList<>(List.of(settings.backboneRange(), ClientAddresses.gateway(settings.clientCidr())));
        approvals.stream().flatMap(a -> a.vpcCidrs().stream()).distinct().sorted().forEach(out::add);
        return out;
    }

    /** {@code wg-roam-agent watchdog} for a client whose wg-quick interface is {@code iface}, probing the gateway. */
    public static String watchdog(FleetSettings settings, String iface) {
        return "wg-roam-agent watchdog --interface " + iface + " --peer " + requireClientsKey(settings) + " --probe "
                + ClientAddresses.gateway(settings.clientCidr()).addressText();
    }

    /** Thrown by nothing else: a config without the clients interface's key could never connect. */
    public static PeerKey requireClientsKey(FleetSettings settings) {
        return settings.clientsKey().orElseThrow(() -> new IllegalStateException("no clients public key"));
    }
}
