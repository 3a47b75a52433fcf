package dev.wgroam.local.network;

import dev.wgroam.commands.CommandRunner;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.local.accelerator.EdgeRules;

/**
 * The accelerator's edge in the data plane: the address clients send to, the interface facing them,
 * and the nftables rules that forward their flows to nodes. Clients behind it reach nodes only
 * through flows they start.
 */
public interface Edge {

    EdgeRules.Listener listener();

    /** Replaces the edge's forwarding rules in one transaction; established flows keep their node. */
    void apply(String ruleset);

    /** The client sends to the accelerator from now on; its peer is reset, so it handshakes at once. */
    void connect(ClientSpec client);

    /** Where the client's commands run, for a watchdog on the client. */
    CommandRunner clientRunner(ClientSpec client);

    InterfaceName clientInterface(ClientSpec client);

    /** The client's one peer: the key every node's clients interface shares. */
    dev.wgroam.wireguard.PeerKey acceleratorKey();

    /** The address every node's clients interface answers through the tunnel. */
    String probeAddress();
}
