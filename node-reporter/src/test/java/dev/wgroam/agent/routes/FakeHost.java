package dev.wgroam.agent.routes;

import dev.wgroam.agent.host.CommandFailedExceptions;
import dev.wgroam.agent.host.CommandRunner;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A modelled Linux host behind the command runner: backbone peers as WireGuard keeps them (allowed
 * IPs form one routing table, so giving a prefix to one peer takes it from the others) and routes
 * per device. It understands exactly the argv the agent should send and fails on anything else.
 */
final class FakeHost implements CommandRunner {

    record Peer(String endpoint, Set<String> allowedIps) {
    }

    final String backbone;
    final Set<String> devices;
    final Map<String, Peer> peers = new TreeMap<>();
    final Map<String, String> routes = new TreeMap<>();
    final List<List<String>> changes = new ArrayList<>();
    int reads;
    /** Commands, reads included, that fail as the kernel would refuse them, matched by how their argv starts. */
    final Set<String> failing = new LinkedHashSet<>();

    FakeHost(String clients, String backbone) {
        this.backbone = backbone;
        this.devices = Set.of(clients, backbone);
    }

    @Override
    public String run(List<String> argv, String stdin) {
        String joined = String.join(" ", argv);
        if (failing.stream().anyMatch(joined::startsWith)) {
            throw CommandFailedExceptions.exited(argv, 2, "RTNETLINK answers: Operation not permitted");
        }
        if (argv.equals(List.of("wg", "show", backbone, "dump"))) {
            reads++;
            return dump();
        }
        if (argv.size() == 7 && argv.subList(0, 6).equals(List.of("ip", "-4", "-o", "route", "show", "dev"))
                && devices.contains(argv.get(6))) {
            reads++;
            return routes.entrySet().stream().filter(e -> e.getValue().equals(argv.get(6)))
                    .map(e -> (e.getKey().endsWith("/32") ? e.getKey().replace("/32", "") : e.getKey()) + " scope link \n")
                    .collect(Collectors.joining());
        }
        changes.add(argv);
        if (argv.size() == 11 && argv.subList(0, 4).equals(List.of("wg", "set", backbone, "peer"))
                && argv.get(5).equals("endpoint") && argv.get(7).equals("persistent-keepalive")
                && argv.get(8).equals("25") && argv.get(9).equals("allowed-ips")) {
            new PeerKey(argv.get(4));
            Set<String> ips = new LinkedHashSet<>(Arrays.asList(argv.get(10).split(",")));
            ips.forEach(ip -> Cidr.parse(ip));
            peers.replaceAll((k, p) -> new Peer(p.endpoint(), p.allowedIps().stream()
                    .filter(ip -> !ips.contains(ip)).collect(Collectors.toCollection(LinkedHashSet::new))));
            peers.put(argv.get(4), new Peer(argv.get(6), ips));
            return "";
        }
        if (argv.size() == 6 && argv.subList(0, 4).equals(List.of("wg", "set", backbone, "peer"))
                && argv.get(5).equals("remove")) {
            peers.remove(argv.get(4));
            return "";
        }
        if (argv.size() == 6 && argv.subList(0, 3).equals(List.of("ip", "route", "replace"))
                && argv.get(4).equals("dev") && devices.contains(argv.get(5))) {
            routes.put(Cidr.parse(argv.get(3)).toString(), argv.get(5));
            return "";
        }
        if (argv.size() == 6 && argv.subList(0, 3).equals(List.of("ip", "route", "del"))
                && argv.get(4).equals("dev") && devices.contains(argv.get(5))) {
            if (!routes.remove(argv.get(3), argv.get(5))) {
                throw CommandFailedExceptions.exited(argv, 2, "RTNETLINK answers: No such process");
            }
            return "";
        }
        throw new AssertionError("the agent sent a command the host model does not know: " + argv);
    }

    private String dump() {
        StringBuilder s = new StringBuilder(PeerKey.of(new byte[32]).base64() + "\t"
                + PeerKey.of(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
                9, 9, 9, 9}).base64() + "\t51821\toff\n");
        peers.forEach((key, p) -> s.append(key).append("\t(none)\t").append(p.endpoint()).append('\t')
                .append(p.allowedIps().isEmpty() ? "(none)" : String.join(",", p.allowedIps()))
                .append("\t0\t0\t0\t25\n"));
        return s.toString();
    }
}
