package dev.wgroam.agent.routes;

import dev.wgroam.routes.RouteEntry;
import java.util.List;
import java.util.Objects;

/**
 * What one pushed update did: each entry's outcome in the order pushed, how many host changes the
 * pass made and the ones that failed. The control socket formats it for {@code wg-roam-agent apply}.
 *
 * @param hostChanges          host changes attempted, failed ones included
 * @param failures             why each failed host change failed
 * @param beforeFirstReconcile the registry was not read yet: entries were merged into the book and
 *                             nothing was installed (every newer entry is {@link Outcome.Held})
 */
public record PushResult(List<Pushed> entries, int hostChanges, List<String> failures, boolean beforeFirstReconcile) {

    public PushResult {
        entries = List.copyOf(entries);
        failures = List.copyOf(failures);
    }

    /** One pushed entry and how it fared. */
    public record Pushed(RouteEntry entry, Outcome outcome) {
        public Pushed {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** How one pushed entry fared. */
    public sealed interface Outcome {

        /** Newer, merged into the book, and the host brought in line with it. */
        record Applied() implements Outcome {
        }

        /** Newer and merged into the book, but nothing installed for it yet: its owner has no node record this node believes. */
        record Held() implements Outcome {
        }

        /** Not merged: the book holds version {@code have}, this one or a newer one. */
        record Stale(long have) implements Outcome {
        }

        /** Not merged: the registry does not allow this node to route it to its owner. */
        record Refused(Refusal.Reason reason) implements Outcome {
            public Refused {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** How many entries were newer than the book's: applied or held. */
    public long newer() {
        return entries.stream().filter(p -> p.outcome() instanceof Outcome.Applied || p.outcome() instanceof Outcome.Held)
                .count();
    }

    /** Whether every host change succeeded. */
    public boolean complete() {
        return failures.isEmpty();
    }
}
