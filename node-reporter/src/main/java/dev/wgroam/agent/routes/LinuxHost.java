package dev.wgroam.agent.routes;

import dev.wgroam.commands.CommandFailedException;
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.agent.wireguard.WgDump;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Host} on Linux: {@code wg} for the backbone and clients peers, {@code ip} for routes, both by argument
 * vector. Deleting a route that is already gone counts as done.
 */
public final class LinuxHost implements Host {

    private final CommandRunner runner;
    private final WireGuard wireGuard;
    private final Interfaces interfaces;

    public LinuxHost(CommandRunner runner, Interfaces interfaces) {
        this.runner = runner;
        this.wireGuard = new WireGuard(runner);
        this.interfaces = interfaces;
    }

    @Override
    public HostState read() {
        WgDump backbone = wireGuard.dump(interfaces.backbone());
        Map<PeerKey, BackbonePeer> peers = new HashMap<>();
        for (PeerState p : backbone.peers()) {
            peers.put(p.key(), new BackbonePeer(p.key(), p.endpoint(), p.allowedIps()));
        }
        Map<PeerKey, List<Cidr>> clientPeers = new HashMap<>();
        for (PeerState p : wireGuard.dump(interfaces.clients()).peers()) {
            clientPeers.put(p.key(), p.allowedIps());
        }
        Map<Cidr, InterfaceName> routes = new HashMap<>();
        for (InterfaceName device : List.of(interfaces.clients(), interfaces.backbone())) {
            String output = runner.run(List.of("ip", "-4", "-o", "route", "show", "dev", device.value()));
            for (String line : output.split("\n")) {
                Cidr prefix = routePrefix(line);
                if (prefix != null) {
                    routes.put(prefix, device);
                }
            }
        }
        return new HostState(peers, clientPeers, routes);
    }

    /** The destination of one {@code ip -o route} line ("10.50.0.7 scope link" is a /32), or null. */
    static Cidr routePrefix(String line) {
        String stripped = line.strip();
        int end = 0;
        while (end < stripped.length() && " \t\n\u000B\f\r".indexOf(stripped.charAt(end)) < 0) {
            end++;
        }
        String first = stripped.substring(0, end);
        if (first.isEmpty() || first.equals("default")) {
            return null;
        }
        try {
            return first.contains("/") ? Cidr.parse(first) : Cidr.host(first);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void apply(HostChange change) {
        try {
            runner.run(change.argv(interfaces));
        } catch (CommandFailedException e) {
            boolean alreadyGone = change instanceof HostChange.DeleteRoute && e.stderr().contains("No such process");
            if (!alreadyGone) {
                throw e;
            }
        }
    }
}
