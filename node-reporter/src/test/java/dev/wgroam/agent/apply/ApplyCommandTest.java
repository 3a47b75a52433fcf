package dev.wgroam.agent.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.agent.control.ControlProtocol;
import dev.wgroam.agent.control.ControlServer;
import dev.wgroam.routes.RouteUpdate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest {

    @TempDir
    Path dir;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    final List<String> delivered = new ArrayList<>();

    /** An agent on {@code socket} that records each request it is handed and answers {@code reply}. */
    private ControlServer agentReplying(Path socket, String reply) {
        return new ControlServer(socket, request -> {
            delivered.add(request);
            return reply;
        });
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_deliversTheUpdateToTheAgentAndPrintsItsReport() {
        Path socket = dir.resolve("agent.sock");
        try (ControlServer agent = agentReplying(socket,
                ControlProtocol.Status.OK + " 1 applied\n10.50.0.7/32 v3 applied -> node-a\n")) {
            int exit = ApplyCommand.run(Map.of("SSM_routes", "wgr1|node-a|10.50.0.7/32=0@3"), socket, out);

            assertEquals(0, exit);
            assertEquals(List.of("wgr1|node-a|10.50.0.7/32=0@3"), delivered);
            assertTrue(printed().contains("10.50.0.7/32 v3 applied"), printed());
        }
    }

    @Test
    void run_handsTheReconcileSignalToTheAgent() {
        Path socket = dir.resolve("agent.sock");
        try (ControlServer agent = agentReplying(socket, ControlProtocol.Status.OK + " reconcile queued\n")) {
            assertEquals(0, ApplyCommand.run(Map.of("SSM_routes", RouteUpdate.RECONCILE), socket, out));
            assertEquals(List.of(RouteUpdate.RECONCILE), delivered);
        }
        assertEquals(3, ApplyCommand.run(Map.of("SSM_routes", RouteUpdate.RECONCILE), dir.resolve("none.sock"), out),
                "an agent that is down reconciles on schedule");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "wgr1|node-a|10.50.0.7/32=0@3; reboot", "wgr1|$(id)|10.50.0.7/32=0@3",
        "wgr1|node-a|10.50.0.7/33=0@3", "wgr1|node-a|10.50.0.7/32=0@0", "`id`"})
    void run_whenTheUpdateIsHostile_refusesItWithoutContactingTheAgent(String hostile) {
        Path socket = dir.resolve("agent.sock");
        try (ControlServer agent = agentReplying(socket, ControlProtocol.Status.OK.name())) {
            int exit = ApplyCommand.run(Map.of("SSM_routes", hostile), socket, out);

            assertEquals(2, exit);
            assertEquals(List.of(), delivered);
            assertTrue(printed().startsWith("REFUSED nothing applied"), printed());
        }
    }

    @ParameterizedTest
    @CsvSource({"'OK 1 of 1 entries newer, 1 host changes, 0 failed', 0",
        "'PARTIAL 1 of 1 entries newer, 1 host changes, 1 failed', 1",
        "'FAILED refused, nothing applied: no', 2", "'a reply of no known form', 2"})
    void run_exitsWithTheCodeOfTheAgentsStatus(String reply, int exitCode) {
        Path socket = dir.resolve("agent.sock");
        try (ControlServer agent = new ControlServer(socket, request -> reply + "\n")) {
            assertEquals(exitCode, ApplyCommand.run(Map.of("SSM_routes", "wgr1|node-a|10.50.0.7/32=0@3"), socket, out));
            assertEquals(reply + "\n", printed());
        }
    }

    @Test
    void run_whenTheVariableIsMissing_refuses() {
        assertEquals(2, ApplyCommand.run(Map.of(), dir.resolve("agent.sock"), out));
    }

    @Test
    void run_whenTheAgentIsDown_saysReconcileWillHeal() {
        int exit = ApplyCommand.run(Map.of("SSM_routes", "wgr1|node-a|10.50.0.7/32=0@3"), dir.resolve("none.sock"), out);

        assertEquals(3, exit);
        assertTrue(printed().contains("next reconcile"), printed());
    }

    @Test
    void bounded_cutsLongReportsAtWhatSsmShows() {
        String cut = ApplyCommand.bounded("x".repeat(50_000));

        assertEquals(ApplyCommand.MAX_OUTPUT_CHARS, cut.length());
        assertTrue(cut.endsWith("report cut at 24000 characters\n"));
    }
}
