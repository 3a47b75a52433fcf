package dev.wgroam.functions.ownership;

import dev.wgroam.ownership.ClaimScreen;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claims one batch did not believe: a count per reason, and the first one to log. Bounded
 * whatever nodes write, so junk costs a counter. Not thread-safe: one per batch.
 */
final class RefusedClaims {

    /** Why a claim was refused; the names are the values of the metric's Reason dimension. */
    enum Reason {
        UNAPPROVED_NODE, UNREGISTERED_CLIENT, FUTURE_HANDSHAKE, UNREADABLE_OBSERVATION;

        static Reason of(ClaimScreen.Reason screened) {
            return switch (screened) {
                case UNAPPROVED_NODE -> UNAPPROVED_NODE;
                case UNREGISTERED_CLIENT -> UNREGISTERED_CLIENT;
                case FUTURE_HANDSHAKE -> FUTURE_HANDSHAKE;
            };
        }
    }

    private final Map<Reason, Integer> counts = new EnumMap<>(Reason.class);
    private Map<String, String> first = Map.of();

    void add(ClaimScreen.Refused refused) {
        count(Reason.of(refused.reason()), "client", refused.observation().client().shortForm(),
                "node", refused.observation().node().value());
    }

    void unreadable(String sequenceNumber, String problem) {
        count(Reason.UNREADABLE_OBSERVATION, "sequenceNumber", sequenceNumber, "problem", problem);
    }

    private void count(Reason reason, String firstKey, String firstValue, String secondKey, String secondValue) {
        counts.merge(reason, 1, Integer::sum);
        if (first.isEmpty()) {
            Map<String, String> sample = new LinkedHashMap<>();
            sample.put(firstKey, firstValue);
            sample.put(secondKey, secondValue);
            sample.put("reason", reason.name());
            first = sample;
        }
    }

    /** How many claims were refused for each reason that occurred. */
    Map<Reason, Integer> counts() {
        return Collections.unmodifiableMap(counts);
    }

    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The first refusal: client short key, node and reason (or the record and its problem); empty when none. */
    Map<String, String> first() {
        return Collections.unmodifiableMap(first);
    }
}
