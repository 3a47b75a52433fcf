package dev.wgroam.agent.watchdog;

import dev.wgroam.agent.config.ConfigParser;
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The settings of {@code wg-roam-agent watchdog}. Each option {@code --name VALUE} falls back to the
 * environment variable {@code WGROAM_WATCHDOG_NAME} (so an existing {@code watchdog.env} keeps
 * working), then to its default; the defaults of {@code --dead-after} and {@code --interval} depend
 * on whether a probe is set. Validated when built, with every problem reported at once.
 *
 * @param probe     the address pinged through the tunnel at every check; null when judging by
 *                  handshakes only
 * @param deadAfter how long without a sign of life makes the tunnel dead
 * @param interval  time between the starts of two checks
 */
public record WatchdogConfig(InterfaceName iface, PeerKey accelerator, Cidr probe, Duration deadAfter, Duration interval) {

    /** A probe answers at once, so a few missed seconds are enough to call a node dead. */
    public static final Duration PROBING_DEAD_AFTER = Duration.ofSeconds(3);
    public static final Duration PROBING_INTERVAL = Duration.ofSeconds(1);
    /** Longer than WireGuard's 2-minute rekey, the only sign of life without a probe. */
    public static final Duration HANDSHAKE_DEAD_AFTER = Duration.ofSeconds(150);
    public static final Duration HANDSHAKE_INTERVAL = Duration.ofSeconds(5);

    public static final String USAGE = "usage: wg-roam-agent watchdog [--peer KEY] [--interface NAME] [--probe IPV4]"
            + " [--dead-after DURATION] [--interval DURATION]; each option defaults to WGROAM_WATCHDOG_<OPTION>"
            + " (e.g. WGROAM_WATCHDOG_DEAD_AFTER), durations like 500ms, 3s, 2m";

    private static final List<String> OPTIONS = List.of("peer", "interface", "probe", "dead-after", "interval");

    public WatchdogConfig {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(deadAfter, "deadAfter");
        Objects.requireNonNull(interval, "interval");
        if (probe != null && !probe.isHost()) {
            throw new IllegalArgumentException("the probe is one address, not the prefix " + probe);
        }
        if (deadAfter.compareTo(interval) < 0) {
            throw new IllegalArgumentException("--dead-after (" + seconds(deadAfter) + ") is shorter than --interval ("
                    + seconds(interval) + "), so a single missed check would count as a dead tunnel");
        }
    }

    /**
     * Parses the arguments after {@code watchdog}.
     *
     * @throws IllegalArgumentException listing every problem and the usage
     */
    public static WatchdogConfig parse(List<String> args, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.startsWith("--") ? arg.substring(2) : "";
            if (!OPTIONS.contains(name)) {
                problems.add("unknown argument " + Printable.quote(arg));
            } else if (i + 1 == args.size()) {
                problems.add(arg + " needs a value");
            } else if (given.put(name, args.get(++i)) != null) {
                problems.add(arg + " is given twice");
            }
        }
        Map<String, String> values = new HashMap<>();
        for (String name : OPTIONS) {
            String fromEnv = env.get(environmentName(name));
            String value = given.getOrDefault(name, fromEnv == null || fromEnv.isBlank() ? null : fromEnv);
            if (value != null) {
                values.put(name, value.strip());
            }
        }
        values.putIfAbsent("interface", "wg0");
        InterfaceName iface = convert(values, "interface", InterfaceName::new, problems);
        PeerKey accelerator = convert(values, "peer", PeerKey::new, problems);
        Cidr probe = convert(values, "probe", WatchdogConfig::probeAddress, problems);
        Duration deadAfter = convert(values, "dead-after", ConfigParser::duration, problems);
        Duration interval = convert(values, "interval", ConfigParser::duration, problems);
        if (accelerator == null && !values.containsKey("peer")) {
            problems.add("--peer is required (or " + environmentName("peer") + "): the accelerator peer's public key");
        }
        boolean probing = values.containsKey("probe");
        if (problems.isEmpty()) {
            try {
                return new WatchdogConfig(iface, accelerator, probe,
                        deadAfter == null ? (probing ? PROBING_DEAD_AFTER : HANDSHAKE_DEAD_AFTER) : deadAfter,
                        interval == null ? (probing ? PROBING_INTERVAL : HANDSHAKE_INTERVAL) : interval);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        throw new IllegalArgumentException(String.join("; ", problems) + "\n" + USAGE);
    }

    static String environmentName(String option) {
        return "WGROAM_WATCHDOG_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Only a dotted-quad literal: the value becomes ping's argument, and a name would be resolved by DNS. */
    private static Cidr probeAddress(String text) {
        try {
            return Cidr.host(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IPv4 address like 10.50.0.1: " + Printable.quote(text));
        }
    }

    /** The watchdog these settings describe, running its commands through {@code runner}. */
    public Watchdog watchdog(CommandRunner runner, IntSupplier newPort) {
        return probe == null
                ? new Watchdog(runner, iface, accelerator, deadAfter, newPort)
                : new Watchdog(runner, iface, accelerator, TunnelProbe.ping(runner, iface, probe), deadAfter, newPort);
    }

    /** The effective settings in one line, for the start-up log. */
    public String describe() {
        return "interface " + iface + ", peer " + accelerator.shortForm()
                + (probe == null ? ", handshakes only" : ", probe " + probe.addressText())
                + ", dead after " + seconds(deadAfter) + ", a check every " + seconds(interval);
    }

    /** The value of option {@code name} converted, or null when it is not set or invalid (then noted in problems). */
    private static <T> T convert(Map<String, String> values, String name, Function<String, T> parser, List<String> problems) {
        String text = values.get(name);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            problems.add("--" + name + ": " + e.getMessage());
            return null;
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
