package dev.wgroam.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorActionTest {

    static final NodeId NODE = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890");

    static String refusal(Map<String, ?> detail) {
        return assertThrows(IllegalArgumentException.class, () -> OperatorAction.fromDetail(detail)).getMessage();
    }

    @Test
    void fromDetail_readsWhatDetailWrites() {
        OperatorAction action = new OperatorAction(NODE, true, "kernel update");

        assertEquals(action, OperatorAction.fromDetail(action.detail()));
    }

    @Test
    void fromDetail_withoutReason_readsAsNoReasonGiven() {
        assertEquals(new OperatorAction(NODE, false, OperatorAction.NO_REASON),
                OperatorAction.fromDetail(Map.of("node", NODE.value(), "action", "undrain")));
    }

    @Test
    void fromDetail_saysWhatIsWrong() {
        assertEquals("operator action must be drain or undrain, not 'reboot'",
                refusal(Map.of("node", NODE.value(), "action", "reboot")));
        assertEquals("operator action must be drain or undrain, not missing", refusal(Map.of("node", NODE.value())));
        assertEquals("operator action names no node: \"node\" is missing", refusal(Map.of("action", "drain")));
        assertEquals("operator action names no node: \"node\" is a Integer",
                refusal(Map.of("node", 42, "action", "drain")));
        assertTrue(refusal(Map.of("node", "two words", "action", "drain")).startsWith("not a node id"));
        assertEquals("a reason is one line without control characters (newline, tab, ...): 'a\\x0ab'",
                refusal(Map.of("node", NODE.value(), "action", "drain", "reason", "a\nb")));
        assertEquals("a reason is at most 256 characters, not 257",
                refusal(Map.of("node", NODE.value(), "action", "drain", "reason", "x".repeat(257))));
        assertEquals("an operator action needs a reason (one line of text)",
                refusal(Map.of("node", NODE.value(), "action", "drain", "reason", " ")));
        assertEquals("an operator action's reason is text, not a Boolean",
                refusal(Map.of("node", NODE.value(), "action", "drain", "reason", true)));
    }

    @Test
    void constructor_refusesWhatFromDetailRefuses_soTheCliCannotSendIt() {
        assertThrows(IllegalArgumentException.class, () -> new OperatorAction(NODE, true, "a\r\nb"));
        assertThrows(IllegalArgumentException.class, () -> new OperatorAction(NODE, true, "x".repeat(257)));
        assertEquals(256, new OperatorAction(NODE, true, "x".repeat(256)).reason().length());
    }

    @Test
    void busName_isTheTemplates() {
        assertEquals("wg-roam-operator", OperatorAction.busName("wg-roam"));
    }
}
