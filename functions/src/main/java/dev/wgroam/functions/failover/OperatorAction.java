package dev.wgroam.functions.failover;

import dev.wgroam.fleet.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An operator's drain or undrain of one node, as the CLI puts it on EventBridge and the failover
 * function of the node's region reads it: source {@value #SOURCE}, detail type {@value #DETAIL_TYPE},
 * detail {@code {"node": id, "action": "drain" | "undrain", "reason": text}}. The template's rule
 * for the failover function matches the same source and detail type. Plain Java and core types
 * only: the CLI loads it without the Lambda libraries.
 */
public record OperatorAction(NodeId node, boolean drain, String reason) {

    public static final String SOURCE = "wg-roam";
    public static final String DETAIL_TYPE = "wg-roam Operator Action";

    public OperatorAction {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
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
     * Reads an event's detail; a missing reason reads as "no reason given".
     *
     * @throws IllegalArgumentException when the action is neither drain nor undrain, or the node is no node id
     */
    public static OperatorAction fromDetail(Map<String, ?> detail) {
        String action = String.valueOf(detail.get("action"));
        if (!action.equals("drain") && !action.equals("undrain")) {
            throw new IllegalArgumentException("operator action must be drain or undrain, not " + action);
        }
        return new OperatorAction(new NodeId(String.valueOf(detail.get("node"))), action.equals("drain"),
                detail.containsKey("reason") ? String.valueOf(detail.get("reason")) : "no reason given");
    }
}
