package dev.wgroam.functions.failover;

import dev.wgroam.operator.OperatorAction;
import java.time.Instant;
import java.util.Objects;

/** What one event means to the failover function, parsed once at the edge ({@link FailoverEvents}). */
public sealed interface FailoverEvent {

    /**
     * A "CloudWatch Alarm State Change", whatever the alarm's type (metric, metric math, anomaly
     * detection, composite: only their configurations differ). Whether the alarm is this fleet's
     * is the function's to say.
     *
     * @param previous the state before; null when the event names none
     * @param at       when the alarm entered {@code state}: the event's, else the clock's
     */
    record AlarmStateChange(String alarmName, AlarmState state, AlarmState previous, Instant at)
            implements FailoverEvent {
        public AlarmStateChange {
            Objects.requireNonNull(alarmName, "alarmName");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(at, "at");
        }
    }

    /** An operator's drain or undrain from the operator bus, validated. */
    record OperatorActionEvent(OperatorAction action) implements FailoverEvent {
    }

    /** An operator action whose detail does not validate ({@link OperatorAction#fromDetail}): nothing is called. */
    record RefusedOperatorAction(String why) implements FailoverEvent {
    }

    /** The template's schedule rule fired: sync the alarms, heal and restore. */
    record ScheduledSweep() implements FailoverEvent {
    }

    /** Anything else: logged, counted, nothing done — never a sweep, never an exception. */
    record Ignored(String why, String subject) implements FailoverEvent {
    }
}
