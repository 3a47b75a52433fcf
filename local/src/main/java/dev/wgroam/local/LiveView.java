package dev.wgroam.local;

import dev.wgroam.agent.Agent;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.NodeSpec;
import dev.wgroam.ownership.Owner;
import java.time.Instant;
import dev.wgroam.local.accelerator.AcceleratorEndpoint;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The terminal view of a running local fleet: nodes, clients, owners, reachability, convergence. */
final class LiveView {

    private LiveView() {
    }

    /** @param notice what the last {@code client} command printed, or "" */
    static String render(LocalFleet fleet, List<Roams.Converged> converged, String notice) {
        StringBuilder out = new StringBuilder();
        out.append("wg-roam local — ").append(fleet.network().kind()).append('\n');
        out.append(String.format("stream records delivered %d · commands dropped %d%n%n",
                fleet.poller().delivered(), fleet.transport().droppedCount()));
        Map<String, AcceleratorEndpoint> endpoints = fleet.accelerator().map(a -> a.groups().stream()
                .flatMap(g -> g.endpoints().stream())
                .collect(Collectors.toMap(AcceleratorEndpoint::id, e -> e))).orElse(Map.of());
        out.append(String.format("%-8s %-10s %-6s %-7s %-7s %-16s %s%n", "NODE", "REGION", "AGENT", "HEALTH", "ROUTES",
                "ACCELERATOR", "VPC"));
        for (NodeSpec n : fleet.nodes()) {
            Agent agent = fleet.agent(n);
            AcceleratorEndpoint endpoint = endpoints.get(LocalFleet.endpointId(n));
            out.append(String.format("%-8s %-10s %-6s %-7s %-7s %-16s %s%n", n.name(), n.region(),
                    agent == null ? "down" : "up", agent == null ? "-" : agent.healthOpen() ? "open" : "closed",
                    agent == null ? "-" : agent.applied().routes(),
                    endpoint == null ? "-" : "w" + endpoint.weight() + " " + endpoint.health().name().toLowerCase(), n.vpc()));
        }
        out.append(String.format("%n%-10s %-14s %-10s %-10s %s%n", "CLIENT", "ADDRESS", "OWNER", "TALKS TO",
                "REACHED FROM VPC OF"));
        for (ClientSpec c : fleet.clients()) {
            Owner owner = fleet.owner(c);
            NodeSpec newest = fleet.nodes().stream()
                    .max(java.util.Comparator.comparing(n -> fleet.network().latestHandshake(c, n))).orElseThrow();
            String talksTo = fleet.network().latestHandshake(c, newest).isAfter(Instant.EPOCH) ? newest.name() : "-";
            StringBuilder reached = new StringBuilder();
            for (NodeSpec n : fleet.nodes()) {
                reached.append(fleet.network().reaches(n, c) ? n.name() : "·".repeat(n.name().length())).append(' ');
            }
            out.append(String.format("%-10s %-14s %-10s %-10s %s%n", c.name(), fleet.network().address(c).addressText(),
                    owner == null ? "-" : owner.node() + " v" + owner.version(), talksTo, reached));
        }
        List<Roams.Converged> last = converged.subList(Math.max(0, converged.size() - 5), converged.size());
        if (!last.isEmpty()) {
            out.append("\nLAST ROAMS\n");
            last.forEach(r -> out.append(String.format("%s → %s converged in %d ms%n", r.client(), r.node(),
                    r.took().toMillis())));
        }
        if (!notice.isEmpty()) {
            out.append('\n').append(notice);
        }
        out.append("\ncommands: roam CLIENT NODE · kill NODE · start NODE · drop RATE · quit   (Ctrl-C also stops)\n");
        out.append("registry: client add NAME · client rotate NAME · client remove NAME\n");
        if (fleet.accelerator().isPresent()) {
            out.append("accelerator: accelerate CLIENT|all · weight NODE 0..255 · die NODE · revive NODE\n");
        }
        out.append("in another terminal: ").append(fleet.statusCommand()).append('\n');
        return out.toString();
    }
}
