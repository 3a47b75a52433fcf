package dev.wgroam.agent.watchdog;

import dev.wgroam.commands.CommandFailedException;
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.routes.Cidr;
import java.util.List;
import java.util.Objects;

/** Asks, once per check, whether something at the far end of the tunnel answers. */
@FunctionalInterface
public interface TunnelProbe {

    /** Whether an answer came back through the tunnel within the probe's own timeout. */
    boolean answered();

    /**
     * One ICMP echo to {@code address} out of {@code iface}, waiting one second:
     * {@code ping -n -q -c 1 -W 1 -I <iface> <address>}. Exit status 1 means no reply. Any other
     * failure (exit 2 when the address is not routed through the interface, ping missing, a timeout)
     * is thrown: it is a setup problem to log, not a dead node to flee from every few seconds.
     *
     * @param address an IPv4 address that every node answers through the tunnel, e.g. {@code 10.50.0.1/32}
     */
    static TunnelProbe ping(CommandRunner runner, InterfaceName iface, Cidr address) {
        Objects.requireNonNull(runner, "runner");
        if (!address.isHost()) {
            throw new IllegalArgumentException("the probe address must be one address (a /32), not " + address);
        }
        List<String> argv = List.of("ping", "-n", "-q", "-c", "1", "-W", "1", "-I", iface.value(), address.addressText());
        return () -> {
            try {
                runner.run(argv);
                return true;
            } catch (CommandFailedException e) {
                if (e.reason() == CommandFailedException.Reason.EXITED_NONZERO && e.exitCode().orElse(-1) == 1) {
                    return false;
                }
                throw e;
            }
        };
    }
}
