package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.local.DefaultFleet;
import dev.wgroam.local.LocalFleet;
import dev.wgroam.local.accelerator.HealthCheckSettings;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.Edge;
import dev.wgroam.local.network.NamespaceNetwork;
import dev.wgroam.local.network.NodeSpec;
import dev.wgroam.ownership.Owner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The clients behind the accelerator stand-in: an edge namespace that DNATs each new flow to a node of
 * the client's nearest region that takes new flows (weights set through GA's API, health from TCP
 * checks of the agents' health ports), keeps established flows where they are, and forwards only
 * flows clients start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcceleratorEndToEndTest {

    static final List<NodeSpec> NODES = DefaultFleet.NODES;
    static final List<ClientSpec> CLIENTS = DefaultFleet.clients(8);
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    LocalFleet fleet;
    Edge edge;

    @BeforeAll
    void startTheFleet() {
        String missing = NamespaceNetwork.missingPrerequisites();
        RequiredParts.require(missing.isEmpty(), "for real namespaces: " + missing, "WGROAM_REQUIRE_NETNS");
        fleet = new LocalFleet(NODES, CLIENTS, new NamespaceNetwork(NODES, CLIENTS), Clock.systemUTC(),
                Duration.ofSeconds(5), HealthCheckSettings.FASTEST_GA, new PrintStream(log, true, StandardCharsets.UTF_8));
        fleet.start();
        edge = fleet.network().edge().orElseThrow();
    }

    @AfterAll
    void stopTheFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private String log() {
        String text = log.toString(StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private NodeSpec owner(ClientSpec client) {
        Owner owner = fleet.owner(client);
        return owner == null ? null : fleet.node(owner.node().value());
    }

    @Test
    @Order(1)
    void everyClientLandsInItsNearestRegion_andEveryVpcHostReachesIt() throws InterruptedException {
        CLIENTS.forEach(edge::connect);
        assertTrue(EndToEndTest.within(Duration.ofSeconds(20), () -> CLIENTS.stream().allMatch(c -> {
            NodeSpec owner = owner(c);
            return owner != null && owner.region().equals(DefaultFleet.nearestRegions(c).get(0)) && fleet.converged(c);
        })), () -> "clients did not land in their nearest region:\n" + describe() + log());
    }

    private String describe() {
        StringBuilder out = new StringBuilder();
        for (ClientSpec c : CLIENTS) {
            NodeSpec owner = owner(c);
            out.append(c.name()).append(" nearest ").append(DefaultFleet.nearestRegions(c).get(0)).append(" owner ")
                    .append(owner == null ? "none" : owner.name()).append('\n');
        }
        return out.toString();
    }
}
