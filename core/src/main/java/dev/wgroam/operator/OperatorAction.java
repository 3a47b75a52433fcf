package dev.wgroam.operator;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.text.Printable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An operator's drain or undrain of one node, as the CLI puts it on the fleet's operator event bus
 * ({@link #busName}) and the failover function of the node's region reads it: source {@value #SOURCE},
 * detail type {@value #DETAIL_TYPE}, detail {@code {"node": id, "action": "drain" | "undrain",
 * "reason": text}}. The template's rule for the failover function sits on that bus and matches the
 * same source and detail type. Validated when built, so a reason that could not be written to the
 * node's status item is refused before any side effect.
 */
public record OperatorAction(NodeId node, boolean drain, String reason) {

    public static final String SOURCE = "wg-roam";
    public static final String DETAIL_TYPE = "wg-roam Operator Action";
    /** The longest reason: one line an operator reads in a status listing. */
    public static final int MAX_REASON_CHARS = 256;
    public static final String NO_REASON = "no reason given";

    public OperatorAction {
        Objects.requireNonNull(node, "node");
        checkReason(reason);
    }

    /** The name of the fleet's operator event bus, as the template names it: {@code <fleet>-operator}. */
    public static String busName(String fleet) {
        return fleet + "-operator";
    }

    /** {@code reason} itself; throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static String checkReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an operator action needs a reason (one line of text)");
        }
        if (reason.length() > MAX_REASON_CHARS) {
            throw new IllegalArgumentException("a reason is at most " + MAX_REASON_CHARS + " characters, not "
                    + reason.length());
        }
        if (reason.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            throw new IllegalArgumentException("a reason is one line without control characters (newline, tab, ...): "
                    + Printable.quote(reason));
        }
        return reason;
    }

    /** {@code drain} or {@code undrain}, as the command and the detail spell it. */
    public String verb() {
        return drain ? "drain" : "undrain";
    }

    /** The event's detail, to be written as JSON. */
    public Map<String, String> detail() {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("node", node.value());
        detail.put("action", verb());
        detail.put("reason", reason);
        return detail;
    }

    /**
     * Reads an event's detail; a missing reason reads as {@value #NO_REASON}.
     *
     * @throws IllegalArgumentException saying what is wrong: the action is neither drain nor undrain,
     *                                  the node is missing or no node id, or the reason is not one
     *                                  line of at most {@value #MAX_REASON_CHARS} characters
     */
    public static OperatorAction fromDetail(Map<String, ?> detail) {
        Object action = detail.get("action");
        if (!"drain".equals(action) && !"undrain".equals(action)) {
            throw new IllegalArgumentException("operator action must be drain or undrain, not " + describe(action));
        }
        if (!(detail.get("node") instanceof String node)) {
            throw new IllegalArgumentException("operator action names no node: \"node\" is " + describe(detail.get("node")));
        }
        Object reason = detail.containsKey("reason") ? detail.get("reason") : NO_REASON;
        if (!(reason instanceof String text)) {
            throw new IllegalArgumentException("an operator action's reason is text, not " + describe(reason));
        }
        return new OperatorAction(new NodeId(node), action.equals("drain"), text);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "missing";
        }
        return value instanceof String s ? Printable.quote(s) : "a " + value.getClass().getSimpleName();
    }
}
