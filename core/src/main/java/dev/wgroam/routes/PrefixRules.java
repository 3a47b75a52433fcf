package dev.wgroam.routes;

import java.util.List;
import java.util.Optional;

/**
 * Prefixes no node ever routes, whoever asks: anything shorter than /8 (a default route among
 * them), "this network" 0.0.0.0/8, loopback, link-local 169.254.0.0/16 (instance metadata and the
 * Amazon DNS resolver live there), and multicast, reserved and broadcast space from 224.0.0.0/3.
 */
public final class PrefixRules {

    /** The shortest prefix any approval, client or route may name. */
    public static final int SHORTEST = 8;

    private static final List<Cidr> FORBIDDEN = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"), Cidr.parse("224.0.0.0/3"));

    private PrefixRules() {
    }

    /** Why {@code prefix} may never be routed, or empty when it may. */
    public static Optional<String> refusal(Cidr prefix) {
        if (prefix.length() < SHORTEST) {
            return Optional.of(prefix + " is shorter than /" + SHORTEST);
        }
        for (Cidr forbidden : FORBIDDEN) {
            if (forbidden.overlaps(prefix)) {
                return Optional.of(prefix + " overlaps " + forbidden + ", which is never routed");
            }
        }
        return Optional.empty();
    }

    /** {@code prefix} itself; throws {@link IllegalArgumentException} with the reason when it may never be routed. */
    public static Cidr check(Cidr prefix) {
        refusal(prefix).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        return prefix;
    }
}
