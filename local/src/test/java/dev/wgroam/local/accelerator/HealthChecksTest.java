package dev.wgroam.local.accelerator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.fleet.Region;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Health checks against a real listening socket on loopback. */
class HealthChecksTest {

    final Accelerator accelerator = new Accelerator(Map.of("i-a", "10.200.0.1"), groups -> { });
    final AtomicReference<InetSocketAddress> target = new AtomicReference<>();

    private HealthState state() {
        return accelerator.groups().get(0).endpoints().get(0).health();
    }

    @Test
    void anEndpointTurnsUnhealthyAfterThresholdFailedChecksAndBackAfterThresholdGoodOnes() throws IOException {
        accelerator.addGroup("g", new Region("eu-west-1"), List.of("i-a"));
        ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        target.set(new InetSocketAddress(InetAddress.getLoopbackAddress(), first.getLocalPort()));
        try (HealthChecks checks = new HealthChecks(accelerator, Map.of("i-a", target::get), Duration.ofHours(1), 2)) {
            checks.checkAll();
            assertEquals(HealthState.HEALTHY, state(), "the first verdict counts at once");
            first.close();
            checks.checkAll();
            assertEquals(HealthState.HEALTHY, state(), "one failed check is below the threshold");
            checks.checkAll();
            assertEquals(HealthState.UNHEALTHY, state());

            target.set(null);
            checks.checkAll();
            assertEquals(HealthState.UNHEALTHY, state(), "no health port at all is a failed check");
            try (ServerSocket port = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                target.set(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.getLocalPort()));
                checks.checkAll();
                assertEquals(HealthState.UNHEALTHY, state());
                checks.checkAll();
                assertEquals(HealthState.HEALTHY, state());
            }
        }
    }
}
