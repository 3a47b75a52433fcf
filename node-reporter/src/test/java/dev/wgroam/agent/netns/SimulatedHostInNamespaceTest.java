package dev.wgroam.agent.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.commands.CommandFailedException;
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.lab.netns.Lab;
import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The host model against the real tools: one script of {@code wg} and {@code ip} commands, run on
 * two wireguard-go interfaces in a namespace and on a {@link SimulatedHost} with the same keys,
 * must print the same and fail the same (exit status and stderr). Peer lines are compared as sets:
 * wireguard-go lists peers in no fixed order.
 */
class SimulatedHostInNamespaceTest {

    @Test
    void theModelPrintsAndFailsAsWgAndIpDo(TestInfo test) {
        NetnsRequirement.requireOrSkip(getClass().getSimpleName() + "." + test.getDisplayName());
        try (Lab lab = new Lab()) {
            String ns = lab.host("model");
            String a = lab.iface("ma");
            String b = lab.iface("mb");
            CommandRunner real = lab.runner(ns);
            SimulatedHost model = new SimulatedHost();
            for (String iface : List.of(a, b)) {
                lab.wireguard(ns, iface);
                String privateKey = real.run(List.of("wg", "genkey")).strip();
                real.run(List.of("wg", "set", iface, "private-key", "/dev/stdin"), privateKey + "\n");
                lab.run(ns, "ip", "link", "set", iface, "up");
                model.wireguard(iface, new PeerKey(privateKey), new PeerKey(real.run(List.of("wg", "pubkey"),
                        privateKey + "\n").strip()), 0);
            }
            String k1 = newKey(real);
            String k2 = newKey(real);
            String k3 = newKey(real);
            String psk = real.run(List.of("wg", "genpsk")).strip() + "\n";

            List<Step> script = List.of(
                    step("wg", "set", a, "listen-port", "51821"),
                    step("wg", "set", b, "listen-port", "51822"),
                    step("wg", "set", a, "peer", k1, "endpoint", "203.0.113.3:51821", "persistent-keepalive", "25",
                            "allowed-ips", "10.99.0.3/32,10.50.0.7/32,172.16.0.0/16"),
                    step("wg", "set", a, "peer", k2, "allowed-ips", "10.50.0.7/32,10.99.0.2/32,fd00:50::/64"),
                    step("wg", "show", a, "dump"),
                    step("wg", "set", a, "peer", k2, "allowed-ips", "10.50.0.9/24"),
                    step("wg", "show", a, "allowed-ips"),
                    step("wg", "show", a, "preshared-keys"),
                    new Step(List.of("wg", "set", a, "peer", k2, "preshared-key", "/dev/stdin"), psk),
                    step("wg", "show", a, "preshared-keys"),
                    step("wg", "show", a, "latest-handshakes"),
                    step("wg", "show", a, "endpoints"),
                    step("wg", "set", a, "peer", k3, "remove"),
                    step("wg", "set", a, "peer", k1, "allowed-ips", ""),
                    step("wg", "show", a, "dump"),
                    step("wg", "set", a, "peer", k1, "allowed-ips", "10.1.0.0/16,10.1.0.0/16,10.2.0.0/16"),
                    step("wg", "show", a, "dump"),
                    step("wg", "set", a, "peer", k1, "remove"),
                    step("wg", "set", a, "peer", "notakey", "remove"),
                    step("wg", "set", a, "peer", k2, "endpoint", "nothere"),
                    step("wg", "set", a, "peer", k2, "allowed-ips", "10.0.0.0/33"),
                    step("wg", "set", a, "peer", k2, "bogus", "1"),
                    step("wg", "set", a, "peer", k2, "listen-port", "5"),
                    step("wg", "set", a, "peer", k2, "persistent-keepalive", "0", "preshared-key", "/dev/null"),
                    step("wg", "set", b, "peer", k2, "allowed-ips", "10.50.0.0/24", "peer", k3, "allowed-ips", "10.9.0.0/16"),
                    step("wg", "show", a, "dump"),
                    step("wg", "show", b, "dump"),
                    step("ip", "route", "replace", "10.50.0.7/32", "dev", a),
                    step("ip", "route", "replace", "172.16.0.0/16", "dev", a),
                    step("ip", "route", "replace", "10.50.0.10/32", "dev", a),
                    step("ip", "route", "replace", "10.9.0.0/16", "dev", a),
                    step("ip", "route", "replace", "10.50.0.20", "dev", a),
                    step("ip", "route", "replace", "10.50.0.8/24", "dev", a),
                    step("ip", "-4", "-o", "route", "show", "dev", a),
                    step("ip", "route", "replace", "10.50.0.7/32", "dev", b),
                    step("ip", "-4", "-o", "route", "show", "dev", a),
                    step("ip", "-4", "-o", "route", "show", "dev", b),
                    step("ip", "route", "del", "10.50.0.7/32", "dev", a),
                    step("ip", "route", "del", "10.50.0.7/32", "dev", b),
                    step("ip", "route", "del", "10.50.0.99/32", "dev", a),
                    step("ip", "route", "del", "10.50.0.20", "dev", a),
                    step("ip", "-4", "-o", "route", "show", "dev", a),
                    step("ip", "-4", "-o", "route", "show", "dev", "nosuch"),
                    step("ip", "route", "replace", "10.1.0.0/16", "dev", "nosuch"),
                    step("ip", "route", "replace", "10.50.0.300/32", "dev", a),
                    step("ip", "route", "replace", "garbage", "dev", a));

            List<String> expected = new ArrayList<>();
            List<String> modelled = new ArrayList<>();
            for (Step s : script) {
                expected.add(s + " -> " + outcome(real, s));
                modelled.add(s + " -> " + outcome(model, s));
            }
            assertEquals(String.join("\n", expected), String.join("\n", modelled));
        }
    }

    record Step(List<String> argv, String stdin) {
        @Override
        public String toString() {
            return String.join(" ", argv);
        }
    }

    private static Step step(String... argv) {
        return new Step(List.of(argv), "");
    }

    private static String newKey(CommandRunner real) {
        return real.run(List.of("wg", "pubkey"), real.run(List.of("wg", "genkey"))).strip();
    }

    /** What the command printed (peer lines sorted), or how it failed. */
    private static String outcome(CommandRunner runner, Step step) {
        try {
            List<String> lines = new ArrayList<>(runner.run(step.argv(), step.stdin()).lines().toList());
            int first = step.argv().contains("dump") && !lines.isEmpty() ? 1 : 0;
            lines.subList(first, lines.size()).sort(null);
            return "printed\n" + String.join("\n", lines);
        } catch (CommandFailedException e) {
            return "exit " + e.exitCode().orElse(-1) + ": " + e.stderr().strip();
        }
    }
}
