package dev.wgroam.functions.failover;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wgroam.operator.OperatorAction;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Reads the events the failover function is invoked with into {@link FailoverEvent}s; never throws.
 * Only three shapes act: a CloudWatch alarm's state change, an operator action, and the scheduled
 * event of the template's own sweep rule ({@link #sweepRuleName}). An alarm's configuration
 * change, another rule's schedule, an alarm action's direct Lambda payload ({@code alarmData}, no
 * detail type) or anything else reads as {@link FailoverEvent.Ignored}.
 */
public final class FailoverEvents {

    static final String CLOUDWATCH = "aws.cloudwatch";
    static final String ALARM_STATE_CHANGE = "CloudWatch Alarm State Change";
    static final String SCHEDULER = "aws.events";
    static final String SCHEDULED_EVENT = "Scheduled Event";

    private final String sweepRule;
    private final Clock clock;

    /** @param fleet the fleet whose sweep rule ({@link #sweepRuleName}) may start a sweep */
    public FailoverEvents(String fleet, Clock clock) {
        this.sweepRule = sweepRuleName(fleet);
        this.clock = clock;
    }

    /** The name the template gives the failover function's schedule rule. */
    public static String sweepRuleName(String fleet) {
        return fleet + "-failover-sweep";
    }

    public FailoverEvent parse(ScheduledEvent event) {
        if (event == null) {
            return new FailoverEvent.Ignored("no event", "");
        }
        try {
            return read(event);
        } catch (RuntimeException e) {
            return new FailoverEvent.Ignored("unreadable event: " + e, subject(event));
        }
    }

    private FailoverEvent read(ScheduledEvent event) {
        String source = event.getSource();
        String type = event.getDetailType();
        Map<String, Object> detail = event.getDetail() == null ? Map.of() : event.getDetail();
        if (CLOUDWATCH.equals(source) && ALARM_STATE_CHANGE.equals(type)) {
            return alarm(event, detail);
        }
        if (OperatorAction.SOURCE.equals(source) && OperatorAction.DETAIL_TYPE.equals(type)) {
            try {
                return new FailoverEvent.OperatorActionEvent(OperatorAction.fromDetail(detail));
            } catch (IllegalArgumentException e) {
                return new FailoverEvent.RefusedOperatorAction(e.getMessage());
            }
        }
        if (SCHEDULER.equals(source) && SCHEDULED_EVENT.equals(type)) {
            List<String> resources = event.getResources() == null ? List.of() : event.getResources();
            return resources.stream().anyMatch(r -> r.endsWith(":rule/" + sweepRule))
                    ? new FailoverEvent.ScheduledSweep()
                    : new FailoverEvent.Ignored("a schedule of another rule than " + sweepRule, subject(event));
        }
        if (CLOUDWATCH.equals(source) && type == null) {
            return new FailoverEvent.Ignored("an alarm action's direct payload; only EventBridge's state changes act",
                    subject(event));
        }
        return new FailoverEvent.Ignored("not an event this function acts on", subject(event));
    }

    private FailoverEvent alarm(ScheduledEvent event, Map<String, Object> detail) {
        if (!(detail.get("alarmName") instanceof String name) || name.isEmpty()) {
            return new FailoverEvent.Ignored("an alarm state change without an alarm name", subject(event));
        }
        Map<?, ?> state = detail.get("state") instanceof Map<?, ?> s ? s : Map.of();
        AlarmState value = AlarmState.of(state.get("value"));
        if (value == null) {
            return new FailoverEvent.Ignored("an alarm state change to an unknown state " + state.get("value"), name);
        }
        AlarmState previous = detail.get("previousState") instanceof Map<?, ?> p ? AlarmState.of(p.get("value")) : null;
        return new FailoverEvent.AlarmStateChange(name, value, previous, instant(state.get("timestamp"), event));
    }

    /** The state's timestamp; else the event's time; else now. */
    private Instant instant(Object timestamp, ScheduledEvent event) {
        if (timestamp instanceof String text) {
            try {
                return Instant.parse(normalize(text));
            } catch (DateTimeParseException e) {
                // the event's own time below
            }
        }
        return event.getTime() != null ? Instant.ofEpochMilli(event.getTime().getMillis()) : clock.instant();
    }

    /** CloudWatch writes "2026-11-24T12:00:00.000+0000"; Instant wants "Z" or "+00:00". */
    static String normalize(String timestamp) {
        return timestamp.replaceAll("\\+0000$", "Z");
    }

    private static String subject(ScheduledEvent event) {
        return event.getSource() + " / " + event.getDetailType() + " / " + event.getResources();
    }
}
