package dev.wgroam.agent.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.host.CommandRunner;
import dev.wgroam.agent.netns.NetnsRequirement;
import dev.wgroam.agent.netns.WireGuardNamespace;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watchdog's reset on a real wireguard-go interface: new port, same peer, nothing lost. */
class WatchdogInNamespaceTest {

    @Test
    void rebind_changesThePort_andKeepsEveryAllowedIpAndThePresharedKey() {
        NetnsRequirement.requireOrSkip("WatchdogInNamespaceTest");
        String tag = Long.toString(ProcessHandle.current().pid() % 100_000);
        try (WireGuardNamespace ns = WireGuardNamespace.start("wgroam-wd-" + tag, new InterfaceName("wd" + tag))) {
            CommandRunner wg = ns.runner();
            String iface = ns.iface().value();
            wg.run(List.of("wg", "set", iface, "private-key", "/dev/stdin", "listen-port", "51820"),
                    wg.run(List.of("wg", "genkey")));
            PeerKey accelerator = new PeerKey(wg.run(List.of("wg", "pubkey"), wg.run(List.of("wg", "genkey"))).trim());
            String psk = wg.run(List.of("wg", "genpsk")).trim();
            wg.run(List.of("wg", "set", iface, "peer", accelerator.base64(), "endpoint", "192.0.2.1:51820",
                    "allowed-ips", "10.99.0.0/24,fd00:50::/64", "persistent-keepalive", "25",
                    "preshared-key", "/dev/stdin"), psk + "\n");
            Watchdog watchdog = new Watchdog(wg, ns.iface(), accelerator, Duration.ofSeconds(1), () -> 51999);
            Instant now = Instant.now();

            assertEquals(Watchdog.Outcome.WAITING_FOR_FIRST_HANDSHAKE, watchdog.check(now));
            assertEquals(Watchdog.Outcome.REBOUND, watchdog.check(now.plusSeconds(2)));

            assertEquals("51999", wg.run(List.of("wg", "show", iface, "listen-port")).trim());
            String allowed = wg.run(List.of("wg", "show", iface, "allowed-ips"));
            assertTrue(allowed.contains("10.99.0.0/24") && allowed.contains("fd00:50::/64"), allowed);
            assertTrue(wg.run(List.of("wg", "show", iface, "preshared-keys")).contains(psk));
            assertTrue(wg.run(List.of("wg", "show", iface, "endpoints")).contains("192.0.2.1:51820"));
        }
    }
}
