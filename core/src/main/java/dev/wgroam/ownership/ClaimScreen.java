package dev.wgroam.ownership;

import dev.wgroam.registry.Registry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which observations count, a pure function: a node's word is believed only when the node is
 * approved, the client registered, and the handshake no later than now plus the skew margin (a
 * clock may run that far ahead; a handshake beyond it is a lie or a broken clock, and would win
 * every decision for as long as it stood).
 */
public final class ClaimScreen {

    /** Why an observation was not believed. */
    public enum Reason {
        UNAPPROVED_NODE, UNREGISTERED_CLIENT, FUTURE_HANDSHAKE
    }

    public record Refused(Observation observation, Reason reason) {
    }

    /** The observations believed, in their order, and the rest with their reasons. */
    public record Screened(List<Observation> accepted, List<Refused> refused) {
        public Screened {
            accepted = List.copyOf(accepted);
            refused = List.copyOf(refused);
        }
    }

    private ClaimScreen() {
    }

    public static Screened screen(Collection<Observation> observations, Registry registry, Instant now,
                                  Duration skewMargin) {
        Instant latestBelievable = now.plus(skewMargin);
        List<Observation> accepted = new ArrayList<>(observations.size());
        List<Refused> refused = new ArrayList<>();
        for (Observation o : observations) {
            Reason reason = registry.approval(o.node()).isEmpty() ? Reason.UNAPPROVED_NODE
                    : registry.client(o.client()).isEmpty() ? Reason.UNREGISTERED_CLIENT
                    : o.latestHandshake().isAfter(latestBelievable) ? Reason.FUTURE_HANDSHAKE
                    : null;
            if (reason == null) {
                accepted.add(o);
            } else {
                refused.add(new Refused(o, reason));
            }
        }
        return new Screened(accepted, refused);
    }
}
