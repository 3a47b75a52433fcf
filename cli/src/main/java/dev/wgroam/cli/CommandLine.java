package dev.wgroam.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words, options and flags of one invocation, checked against what its command takes before
 * anything else happens: an unknown option, a repeated one or one without its value is a
 * {@link UsageException}. {@code --endpoint-group} alone may repeat (and take commas).
 */
record CommandLine(Command command, List<String> arguments, Map<String, String> options, Set<String> flags,
                   List<String> endpointGroups) {

    /** Options that take no value. */
    private static final Set<String> FLAGS = Set.of("json", "primary", "dry-run", "qr", "no-watchdog");
    private static final String REPEATABLE = "endpoint-group";

    /** Thrown when the command line is not one the CLI takes; the message says what is wrong. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static CommandLine parse(List<String> args) {
        Map<String, String> options = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> groups = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                words.add(a);
                continue;
            }
            String name = a.substring(2);
            if (FLAGS.contains(name)) {
                flags.add(name);
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new UsageException("--" + name + " needs a value");
            }
            String value = args.get(++i);
            if (name.equals(REPEATABLE)) {
                Arrays.stream(value.split(",")).map(String::strip).filter(g -> !g.isEmpty()).forEach(groups::add);
            } else if (options.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        Command command = Command.of(words);
        List<String> arguments = words.subList(command.words().size(), words.size());
        if (arguments.size() != command.arguments()) {
            throw new UsageException("usage: wg-roam " + command.usage());
        }
        for (String option : options.keySet()) {
            if (!command.takes(option)) {
                throw new UsageException("wg-roam " + String.join(" ", command.words()) + " takes no --" + option
                        + "; usage: wg-roam " + command.usage());
            }
        }
        for (String flag : flags) {
            if (!command.takes(flag)) {
                throw new UsageException("wg-roam " + String.join(" ", command.words()) + " takes no --" + flag
                        + "; usage: wg-roam " + command.usage());
            }
        }
        if (!groups.isEmpty() && !command.takes(REPEATABLE)) {
            throw new UsageException("only status takes --endpoint-group");
        }
        return new CommandLine(command, List.copyOf(arguments), Map.copyOf(options), Set.copyOf(flags), List.copyOf(groups));
    }

    String argument(int index) {
        return arguments.get(index);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** The value of a required option; a {@link UsageException} naming it when it is missing. */
    String required(String option) {
        String value = options.get(option);
        if (value == null) {
            throw new UsageException("wg-roam " + String.join(" ", command.words()) + " needs --" + option
                    + "; usage: wg-roam " + command.usage());
        }
        return value;
    }

    String option(String option, String otherwise) {
        return options.getOrDefault(option, otherwise);
    }
}
