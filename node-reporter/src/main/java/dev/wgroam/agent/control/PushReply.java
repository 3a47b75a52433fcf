package dev.wgroam.agent.control;

import dev.wgroam.agent.routes.PushResult;
import dev.wgroam.fleet.NodeId;

/**
 * The control socket's reply to a pushed update, the text {@code wg-roam-agent apply} prints and
 * SSM shows: a summary line starting with the {@link ControlProtocol.Status}, then one line per
 * entry and one per failed host change.
 */
public final class PushReply {

    private PushReply() {
    }

    /** The reply for what a push did on node {@code self}. */
    public static String of(PushResult result, NodeId self) {
        ControlProtocol.Status status = result.complete() ? ControlProtocol.Status.OK : ControlProtocol.Status.PARTIAL;
        String summary = status + " " + result.newer() + " of " + result.entries().size() + " entries newer, "
                + result.hostChanges() + " host changes, " + result.failures().size() + " failed";
        if (result.beforeFirstReconcile()) {
            return summary + "; held until the first reconcile has read the registry\n";
        }
        StringBuilder reply = new StringBuilder(summary).append('\n');
        for (PushResult.Pushed p : result.entries()) {
            reply.append(p.entry().prefix()).append(" v").append(p.entry().version()).append(' ');
            switch (p.outcome()) {
                case PushResult.Outcome.Refused r -> reply.append("refused, ").append(r.reason().why());
                case PushResult.Outcome.Stale s -> reply.append("stale, have v").append(s.have());
                case PushResult.Outcome.Held h -> reply.append("held, owner ").append(p.entry().owner().shortForm())
                        .append(" has no node record this node believes");
                case PushResult.Outcome.Applied a -> reply.append("applied, owner ")
                        .append(p.entry().owner().equals(self) ? "this node" : p.entry().owner().shortForm());
            }
            reply.append('\n');
        }
        result.failures().forEach(f -> reply.append("failed: ").append(f).append('\n'));
        return reply.toString();
    }

    /** The reply to an update that does not decode: nothing of it was applied. */
    public static String malformed(String why) {
        return ControlProtocol.Status.FAILED + " refused, nothing applied: " + why + "\n";
    }
}
