package dev.wgroam.bench;

import dev.wgroam.it.RequiredParts;
import dev.wgroam.local.DefaultFleet;
import dev.wgroam.local.LocalFleet;
import dev.wgroam.local.accelerator.HealthCheckSettings;
import dev.wgroam.local.Roams;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.NamespaceNetwork;
import dev.wgroam.local.network.NodeSpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's convergence: real namespaces, default intervals (1 s poll, 30 s reconcile, stream polled
 * 4 times a second), 20 clients. First 20 single roams one after another, then all 20 at once; for
 * each, the time from the roam (the client's first handshake with the new node follows within
 * milliseconds) until the VPC host behind every node reaches the client again. Not in the default run.
 */
class ConvergenceBenchmark {

    static final List<NodeSpec> NODES = DefaultFleet.NODES;
    static final List<ClientSpec> CLIENTS = DefaultFleet.clients(20);

    @Test
    void convergence() throws InterruptedException {
        String missing = NamespaceNetwork.missingPrerequisites();
        RequiredParts.require(missing.isEmpty(), "for real namespaces: " + missing, "WGROAM_REQUIRE_NETNS");
        try (LocalFleet fleet = new LocalFleet(NODES, CLIENTS, new NamespaceNetwork(NODES), Clock.systemUTC(),
                Duration.ofSeconds(30), HealthCheckSettings.FASTEST_GA, new PrintStream(OutputStream.nullOutputStream()))) {
            Roams roams = new Roams(fleet);
            fleet.start();
            for (int i = 0; i < CLIENTS.size(); i++) {
                roams.roam(CLIENTS.get(i), NODES.get(i % NODES.size()));
            }
            await(roams, Duration.ofSeconds(90));
            Thread.sleep(6000); // past the skew margin of every client's first handshake
            int first = roams.check().size();
            for (int i = 0; i < CLIENTS.size(); i++) {
                roams.roam(CLIENTS.get(i), NODES.get((i + 1) % NODES.size()));
                await(roams, Duration.ofSeconds(150));
            }
            List<Roams.Converged> singles = roams.check().subList(first, first + CLIENTS.size());
            report("single roams", singles);

            Thread.sleep(6000);
            int before = roams.check().size();
            for (int i = 0; i < CLIENTS.size(); i++) {
                roams.roam(CLIENTS.get(i), NODES.get((i + 2) % NODES.size()));
            }
            await(roams, Duration.ofSeconds(150));
            report("burst of 20", roams.check().subList(before, before + CLIENTS.size()));
        }
    }

    private static void await(Roams roams, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            roams.check();
            if (!roams.pending()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("roams did not converge:\n" + roams.describePending());
    }

    private static void report(String what, List<Roams.Converged> roams) {
        List<Long> millis = roams.stream().map(r -> r.took().toMillis()).sorted().toList();
        System.out.printf("BENCH convergence %s: %s all=%s%n", what, Percentiles.summary(millis), millis);
    }
}
