package dev.wgroam.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.agent.routes.PushResult;
import dev.wgroam.agent.routes.PushResult.Outcome;
import dev.wgroam.agent.routes.Refusal;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text SSM shows for a push, and the status `wg-roam-agent apply` reads its exit code from. */
class PushReplyTest {

    static final NodeId SELF = new NodeId("node-a");
    static final NodeId B = new NodeId("node-b");

    static PushResult.Pushed pushed(String prefix, NodeId owner, long version, Outcome outcome) {
        return new PushResult.Pushed(new RouteEntry(Cidr.parse(prefix), owner, version), outcome);
    }

    @Test
    void of_saysEachEntrysOutcome_underASummaryLine() {
        PushResult result = new PushResult(List.of(
                pushed("10.50.0.7/32", SELF, 5, new Outcome.Applied()),
                pushed("10.50.0.8/32", B, 2, new Outcome.Applied()),
                pushed("10.50.0.9/32", B, 3, new Outcome.Held()),
                pushed("10.50.0.10/32", B, 1, new Outcome.Stale(4)),
                pushed("0.0.0.0/0", B, 9, new Outcome.Refused(Refusal.Reason.FORBIDDEN_PREFIX))), 3, List.of(), false);

        String reply = PushReply.of(result, SELF);

        assertEquals("""
                OK 3 of 5 entries newer, 3 host changes, 0 failed
                10.50.0.7/32 v5 applied, owner this node
                10.50.0.8/32 v2 applied, owner node-b
                10.50.0.9/32 v3 held, owner node-b has no node record this node believes
                10.50.0.10/32 v1 stale, have v4
                0.0.0.0/0 v9 refused, %s
                """.formatted(Refusal.Reason.FORBIDDEN_PREFIX.why()), reply);
        assertEquals(ControlProtocol.Status.OK, ControlProtocol.Status.of(reply));
    }

    @Test
    void of_whenAHostChangeFailed_isPartial_andSaysWhy() {
        PushResult result = new PushResult(List.of(pushed("10.50.0.7/32", B, 2, new Outcome.Applied())), 2,
                List.of("ip route replace 10.50.0.7/32 dev backbone: exit 2: Operation not permitted"), false);

        String reply = PushReply.of(result, SELF);

        assertEquals("""
                PARTIAL 1 of 1 entries newer, 2 host changes, 1 failed
                10.50.0.7/32 v2 applied, owner node-b
                failed: ip route replace 10.50.0.7/32 dev backbone: exit 2: Operation not permitted
                """, reply);
        assertEquals(ControlProtocol.Status.PARTIAL, ControlProtocol.Status.of(reply));
    }

    @Test
    void of_beforeTheFirstReconcile_saysTheEntriesAreHeld() {
        PushResult result = new PushResult(List.of(pushed("10.50.0.7/32", B, 2, new Outcome.Held()),
                pushed("10.50.0.8/32", B, 1, new Outcome.Stale(1))), 0, List.of(), true);

        assertEquals("OK 1 of 2 entries newer, 0 host changes, 0 failed; held until the first reconcile has read the"
                + " registry\n", PushReply.of(result, SELF));
    }

    @Test
    void malformed_isFailed() {
        String reply = PushReply.malformed("not a wgr1 update");

        assertEquals("FAILED refused, nothing applied: not a wgr1 update\n", reply);
        assertEquals(ControlProtocol.Status.FAILED, ControlProtocol.Status.of(reply));
    }

    @Test
    void statusOf_aReplyOfNoKnownForm_isFailed() {
        assertEquals(ControlProtocol.Status.FAILED, ControlProtocol.Status.of(""));
        assertEquals(ControlProtocol.Status.FAILED, ControlProtocol.Status.of("OKAY"));
        assertEquals(ControlProtocol.Status.OK, ControlProtocol.Status.of("OK"));
    }
}
