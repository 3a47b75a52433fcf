package dev.wgroam.cli.registry;

import java.util.List;

/**
 * Thrown when a {@code clients.conf} cannot be imported as written: a line that is no section,
 * setting or comment, a {@code [Peer]} without exactly one public key and one /32, an unknown
 * setting, a name that is not one. Carries every problem found, each with its line number; no
 * value of a private or preshared key is ever part of the message.
 */
public final class ClientsConfException extends RuntimeException {

    static final int SHOWN = 5;

    private final List<String> problems;

    public ClientsConfException(List<String> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order, as {@code line N: what}. */
    public List<String> problems() {
        return problems;
    }

    private static String summary(List<String> problems) {
        String shown = String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())));
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + ": " + shown
                + (problems.size() > SHOWN ? "; …" : "");
    }
}
