package dev.wgroam.agent.apply;

import dev.wgroam.agent.control.ControlProtocol;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.routes.RouteUpdate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code wg-roam-agent apply}, run by the SSM document: reads the route update from
 * {@value #VARIABLE} (interpolationType ENV_VAR), validates all of it, and hands it to the running
 * agent, which applies it on the same path as reconcile. Prints the agent's per-prefix report,
 * which SSM shows (first 24,000 characters).
 *
 * The {@link RouteUpdate#RECONCILE} signal is handed over as it is: the agent queues a reconcile.
 *
 * <p>Exit codes: 0 applied (stale entries included) or reconcile queued, 1 some entries failed, 2
 * the update was refused as malformed (nothing applied), 3 the agent could not be reached
 * (reconcile will heal).
 */
public final class ApplyCommand {

    public static final String VARIABLE = "SSM_routes";
    /** SSM keeps the first 24,000 characters of a command's output. */
    public static final int MAX_OUTPUT_CHARS = 24_000;

    private ApplyCommand() {
    }

    public static int run(Map<String, String> environment, Path controlSocket, PrintStream out) {
        String text = environment.get(VARIABLE);
        if (RouteUpdate.isReconcile(text)) {
            return handOver(controlSocket, text, "the next scheduled reconcile reads the registry", out);
        }
        List<RouteEntry> entries;
        // Decoded here too, with the agent's decoder: a malformed update exits 2 even when the agent
        // is down, rather than reading as "unreachable, reconcile heals", and never reaches its socket.
        try {
            entries = RouteUpdate.decode(text);
        } catch (IllegalArgumentException e) {
            out.println("REFUSED nothing applied: " + e.getMessage());
            return 2;
        }
        return handOver(controlSocket, text, entries.size() + " entries will be applied by the next reconcile", out);
    }

    private static int handOver(Path controlSocket, String text, String ifUnreachable, PrintStream out) {
        String reply;
        try {
            reply = ControlProtocol.call(controlSocket, text, 4 * MAX_OUTPUT_CHARS);
        } catch (IOException e) {
            out.println("UNREACHABLE the agent at " + controlSocket + " did not answer (" + e.getMessage()
                    + "); " + ifUnreachable);
            return 3;
        }
        out.print(bounded(reply));
        return switch (ControlProtocol.Status.of(reply)) {
            case OK -> 0;
            case PARTIAL -> 1;
            case FAILED -> 2;
        };
    }

    /** Keeps the report within what SSM shows, saying so when cut. */
    static String bounded(String reply) {
        if (reply.length() <= MAX_OUTPUT_CHARS) {
            return reply.endsWith("\n") ? reply : reply + "\n";
        }
        String marker = "\n… report cut at " + MAX_OUTPUT_CHARS + " characters\n";
        return reply.substring(0, MAX_OUTPUT_CHARS - marker.length()) + marker;
    }
}
