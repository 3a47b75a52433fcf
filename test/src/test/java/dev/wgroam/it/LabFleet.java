package dev.wgroam.it;

import dev.wgroam.local.LocalFleet;
import dev.wgroam.local.accelerator.HealthCheckSettings;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.NamespaceNetwork;
import dev.wgroam.local.network.NodeSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The end-to-end tests' fleet on real namespaces, logging into a buffer whose tail goes into failure messages. */
final class LabFleet {

    private LabFleet() {
    }

    /** A started fleet, or a loud skip (a failure where WGROAM_REQUIRE_NETNS=1) without root, wireguard-go or nft. */
    static LocalFleet start(List<NodeSpec> nodes, List<ClientSpec> clients, Duration reconcile, ByteArrayOutputStream log) {
        String missing = NamespaceNetwork.missingPrerequisites();
        RequiredParts.require(missing.isEmpty(), "for real namespaces: " + missing, "WGROAM_REQUIRE_NETNS");
        LocalFleet fleet = new LocalFleet(nodes, clients, new NamespaceNetwork(nodes), Clock.systemUTC(), reconcile,
                HealthCheckSettings.FASTEST_GA, new PrintStream(log, true, StandardCharsets.UTF_8));
        fleet.start();
        return fleet;
    }

    /** The last 4000 characters of the log. */
    static String tail(ByteArrayOutputStream log) {
        String text = log.toString(StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 4000));
    }
}
