package dev.wgroam.local.accelerator;

import dev.wgroam.fleet.Region;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The edge's nftables ruleset, derived from the endpoint groups: a new flow from a client is DNATed
 * to an endpoint of the nearest region that takes new flows, chosen at random by weight. Conntrack
 * keeps an established flow on its endpoint whatever the weights or health say now, until it has
 * been idle for the timeout, as Global Accelerator does. When no endpoint anywhere takes new flows,
 * the accelerator fails open to any endpoint. Only flows the clients start are forwarded: a node
 * cannot reach a client except by answering it.
 */
public final class EdgeRules {

    /** Where the accelerator listens and which interface faces the clients. */
    public record Listener(String address, int port, String clientInterface) {
    }

    public static final String TABLE = "accelerator";
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private EdgeRules() {
    }

    /**
     * The endpoints a new flow from a client with these nearest regions may go to: those of the
     * nearest group with any endpoint that takes new flows, or every endpoint (with equal weight)
     * when there is none.
     */
    public static List<AcceleratorEndpoint> candidates(List<EndpointGroupState> groups, List<Region> nearestFirst) {
        List<EndpointGroupState> ordered = new ArrayList<>();
        for (Region region : nearestFirst) {
            groups.stream().filter(g -> g.region().equals(region)).forEach(ordered::add);
        }
        groups.stream().filter(g -> !ordered.contains(g)).forEach(ordered::add);
        for (EndpointGroupState group : ordered) {
            List<AcceleratorEndpoint> taking = group.endpoints().stream().filter(AcceleratorEndpoint::takesNewFlows).toList();
            if (!taking.isEmpty()) {
                return taking;
            }
        }
        return ordered.stream().flatMap(g -> g.endpoints().stream())
                .map(e -> new AcceleratorEndpoint(e.id(), e.address(), 1, e.clientIpPreservation(), e.health()))
                .toList();
    }

    /** The whole table, replaced in one nft transaction. */
    public static String ruleset(List<EndpointGroupState> groups, List<ClientLocation> clients, Listener listener) {
        checkAddress(listener.address());
        if (!INTERFACE.matcher(listener.clientInterface()).matches()) {
            throw new IllegalArgumentException("not an interface name: " + listener.clientInterface());
        }
        // Clients with the same candidates share one rule.
        Map<String, List<String>> sourcesByTarget = new LinkedHashMap<>();
        for (ClientLocation client : clients) {
            List<AcceleratorEndpoint> candidates = candidates(groups, client.nearestFirst());
            if (candidates.isEmpty()) {
                continue;
            }
            sourcesByTarget.computeIfAbsent(target(candidates), t -> new ArrayList<>()).add(checkAddress(client.address()));
        }
        StringBuilder out = new StringBuilder();
        // Creating the table first makes the delete valid on a fresh edge; nft applies the file atomically.
        out.append("table ip ").append(TABLE).append("\n");
        out.append("delete table ip ").append(TABLE).append("\n");
        out.append("table ip ").append(TABLE).append(" {\n");
        out.append("\tchain steer_new_flows {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n");
        for (Map.Entry<String, List<String>> rule : sourcesByTarget.entrySet()) {
            out.append("\t\tiifname \"").append(listener.clientInterface()).append("\" ip daddr ")
                    .append(listener.address()).append(" udp dport ").append(listener.port())
                    .append(" ip saddr { ").append(String.join(", ", rule.getValue())).append(" } dnat to ")
                    .append(rule.getKey()).append("\n");
        }
        out.append("\t}\n");
        out.append("\tchain forward_client_flows {\n\t\ttype filter hook forward priority filter; policy drop;\n");
        out.append("\t\tct state established,related accept\n");
        out.append("\t\tiifname \"").append(listener.clientInterface()).append("\" ct state new accept\n");
        out.append("\t}\n}\n");
        return out.toString();
    }

    /** A weighted random choice among the candidates, in nft syntax. */
    private static String target(List<AcceleratorEndpoint> candidates) {
        if (candidates.size() == 1) {
            return checkAddress(candidates.get(0).address());
        }
        int total = candidates.stream().mapToInt(AcceleratorEndpoint::weight).sum();
        List<String> ranges = new ArrayList<>();
        int from = 0;
        for (AcceleratorEndpoint e : candidates) {
            int to = from + e.weight() - 1;
            ranges.add((from == to ? Integer.toString(from) : from + "-" + to) + " : " + checkAddress(e.address()));
            from = to + 1;
        }
        return "numgen random mod " + total + " map { " + String.join(", ", ranges) + " }";
    }

    private static String checkAddress(String address) {
        if (!IPV4.matcher(address).matches()) {
            throw new IllegalArgumentException("not an IPv4 address: " + dev.wgroam.text.Printable.quote(address));
        }
        return address;
    }
}
