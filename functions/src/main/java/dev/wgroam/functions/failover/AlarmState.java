package dev.wgroam.functions.failover;

/** A CloudWatch alarm's state, as "CloudWatch Alarm State Change" events and DescribeAlarms spell it. */
public enum AlarmState {
    OK, ALARM, INSUFFICIENT_DATA;

    /** The state {@code value} names; null for anything else. */
    static AlarmState of(Object value) {
        for (AlarmState state : values()) {
            if (state.name().equals(value)) {
                return state;
            }
        }
        return null;
    }
}
