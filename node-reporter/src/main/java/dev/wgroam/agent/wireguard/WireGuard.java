package dev.wgroam.agent.wireguard;

import dev.wgroam.commands.CommandFailedException;
import dev.wgroam.commands.CommandRunner;

import java.util.List;
import java.util.Objects;

/**
 * Reads the state of a WireGuard interface with {@code wg show <iface> dump}. Only the interface
 * name reaches the argv, and only after {@link InterfaceName} validated it.
 */
public final class WireGuard {

    private final CommandRunner runner;

    public WireGuard(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * Runs {@code wg show <iface> dump} and parses what it prints.
     *
     * @throws CommandFailedException when {@code wg} fails, e.g. the interface does not exist or the
     *                                agent lacks CAP_NET_ADMIN; the message carries wg's stderr
     * @throws MalformedDumpException when wg's first line is not an interface line
     */
    public WgDump dump(InterfaceName iface) {
        Objects.requireNonNull(iface, "iface");
        return WgDumpParser.parse(runner.run(List.of("wg", "show", iface.value(), "dump")));
    }
}
