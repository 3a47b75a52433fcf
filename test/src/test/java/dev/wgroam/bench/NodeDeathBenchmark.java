package dev.wgroam.bench;

import dev.wgroam.it.RequiredParts;
import dev.wgroam.local.DefaultFleet;
import dev.wgroam.local.LocalFleet;
import dev.wgroam.local.NodeDeaths;
import dev.wgroam.local.accelerator.AcceleratorEndpoint;
import dev.wgroam.local.accelerator.HealthCheckSettings;
import dev.wgroam.local.accelerator.HealthState;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.NamespaceNetwork;
import dev.wgroam.local.network.NodeSpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's failover: 20 clients behind the accelerator stand-in, each with the client watchdog
 * (probe every second, new flow after 3 s of silence). A node dies (its agent stops and its cable is
 * cut); for each of its clients, the time until another node owns it and every surviving VPC host
 * reaches it. Eight deaths alternate between the two eu-west-1 nodes (clients stay in the region),
 * then us-east-1's only node dies (its clients move to the next nearest region). Health checks as
 * {@code -Dwgroam.health=INTERVAL_SECONDS/THRESHOLD} (default 10/1, GA's fastest). Not in the default run.
 */
class NodeDeathBenchmark {

    static final List<NodeSpec> NODES = DefaultFleet.NODES;
    static final List<ClientSpec> CLIENTS = DefaultFleet.clients(20);

    @Test
    void clientsBackAfterANodeDies() throws InterruptedException {
        String missing = NamespaceNetwork.missingPrerequisites();
        RequiredParts.require(missing.isEmpty(), "for real namespaces: " + missing, "WGROAM_REQUIRE_NETNS");
        String[] health = System.getProperty("wgroam.health", "10/1").split("/");
        HealthCheckSettings checks = new HealthCheckSettings(Duration.ofSeconds(Long.parseLong(health[0])),
                Integer.parseInt(health[1]));
        try (LocalFleet fleet = new LocalFleet(NODES, CLIENTS, new NamespaceNetwork(NODES), Clock.systemUTC(),
                Duration.ofSeconds(30), checks, new PrintStream(OutputStream.nullOutputStream()))) {
            fleet.start();
            CLIENTS.forEach(fleet::connectThroughAccelerator);
            List<Long> inRegion = new ArrayList<>();
            for (int trial = 0; trial < 8; trial++) {
                settle(fleet, checks);
                NodeSpec dying = NODES.get(trial % 2);
                inRegion.addAll(die(fleet, dying, "trial " + (trial + 1)));
            }
            settle(fleet, checks);
            List<Long> crossRegion = die(fleet, NODES.get(2), "us-east-1's only node");
            report("node death, within the region (" + checks + ")", inRegion);
            report("node death, to the next region (" + checks + ")", crossRegion);
        }
    }

    /** Every endpoint healthy again and every client past the skew margin of its latest handshake. */
    private static void settle(LocalFleet fleet, HealthCheckSettings checks) throws InterruptedException {
        // A revived node needs `threshold` good checks in a row.
        Duration limit = checks.interval().multipliedBy(checks.threshold() + 1).plusSeconds(10);
        long deadline = System.nanoTime() + limit.toNanos();
        while (!fleet.accelerator().orElseThrow().groups().stream().flatMap(g -> g.endpoints().stream())
                .map(AcceleratorEndpoint::health).allMatch(h -> h == HealthState.HEALTHY)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("endpoints not healthy again within " + limit);
            }
            Thread.sleep(200);
        }
        Thread.sleep(6000);
    }

    private static List<Long> die(LocalFleet fleet, NodeSpec node, String what) throws InterruptedException {
        int victims = NodeDeaths.clientsOf(fleet, node).size();
        Map<ClientSpec, Duration> back = NodeDeaths.kill(fleet, node, Duration.ofSeconds(120));
        fleet.reviveNode(node);
        List<Long> millis = back.values().stream().map(Duration::toMillis).sorted().toList();
        System.out.printf("BENCH %s: %s died under %d clients; back: %s%n", what, node.name(), victims, millis);
        if (back.size() != victims) {
            throw new AssertionError((victims - back.size()) + " clients of " + node.name() + " not back within 120 s");
        }
        return millis;
    }

    private static void report(String what, List<Long> millis) {
        System.out.printf("BENCH %s: %s%n", what, Percentiles.summary(millis));
    }
}
