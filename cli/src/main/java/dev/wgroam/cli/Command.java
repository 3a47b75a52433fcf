package dev.wgroam.cli;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every command the CLI takes: its words, how many arguments follow them, and the options it takes. */
enum Command {
    STATUS(List.of("status"), 0, "[--json] [--endpoint-group ARN[,ARN]]... [--accelerator-endpoint URL]",
            "json", "endpoint-group", "accelerator-endpoint"),
    DRAIN(List.of("drain"), 1, "NODE [--reason TEXT] [--fleet NAME] [--events-endpoint URL]",
            "reason", "fleet", "events-endpoint"),
    UNDRAIN(List.of("undrain"), 1, "NODE [--reason TEXT] [--fleet NAME] [--events-endpoint URL]",
            "reason", "fleet", "events-endpoint"),
    FLEET_SET(List.of("fleet", "set"), 0, "--client-cidr CIDR --backbone-range CIDR --accelerator ADDRESS"
            + " [--clients-public-key KEY] [--client-port PORT]",
            "client-cidr", "backbone-range", "accelerator", "clients-public-key", "client-port"),
    FLEET_SHOW(List.of("fleet", "show"), 0, ""),
    NODE_APPROVE(List.of("node", "approve"), 1,
            "NODE --vpc CIDR[,CIDR] [--primary] [--name NAME] [--region R] [--ga-endpoint ID] [--dry-run]",
            "vpc", "primary", "name", "region", "ga-endpoint", "dry-run"),
    NODE_LIST(List.of("node", "list"), 0, ""),
    NODE_REMOVE(List.of("node", "remove"), 1, "NODE"),
    CLIENT_ADD(List.of("client", "add"), 1, "NAME [--public-key KEY] [--interface NAME] [--qr] [--no-watchdog]",
            "public-key", "interface", "qr", "no-watchdog"),
    CLIENT_ROTATE(List.of("client", "rotate"), 1, "NAME [--public-key KEY] [--interface NAME] [--qr]", "public-key",
            "interface", "qr"),
    CLIENT_LIST(List.of("client", "list"), 0, ""),
    CLIENT_REMOVE(List.of("client", "remove"), 1, "NAME"),
    CLIENT_IMPORT(List.of("client", "import"), 1, "FILE");

    /** Options every command takes: where the table is. */
    static final Set<String> COMMON = Set.of("table", "region", "table-region", "endpoint");
    static final String COMMON_USAGE = "[--table NAME] [--region REGION] [--table-region REGION] [--endpoint URL]";

    private final List<String> words;
    private final int arguments;
    private final String syntax;
    private final Set<String> options;

    Command(List<String> words, int arguments, String syntax, String... options) {
        this.words = words;
        this.arguments = arguments;
        this.syntax = syntax;
        this.options = Set.of(options);
    }

    List<String> words() {
        return words;
    }

    int arguments() {
        return arguments;
    }

    boolean takes(String option) {
        return options.contains(option) || COMMON.contains(option);
    }

    String usage() {
        return String.join(" ", words) + (syntax.isEmpty() ? "" : " " + syntax);
    }

    /** The command the leading words name; a {@link CommandLine.UsageException} listing them all otherwise. */
    static Command of(List<String> words) {
        for (Command c : values()) {
            if (words.size() >= c.words.size() && words.subList(0, c.words.size()).equals(c.words)) {
                return c;
            }
        }
        throw new CommandLine.UsageException(usageOfAll());
    }

    static String usageOfAll() {
        return Stream.of(values()).map(c -> "  wg-roam " + c.usage()).collect(Collectors.joining("\n", "usage:\n", "\n"))
                + "options of every command: " + COMMON_USAGE;
    }
}
