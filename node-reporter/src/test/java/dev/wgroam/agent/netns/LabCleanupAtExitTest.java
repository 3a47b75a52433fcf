package dev.wgroam.agent.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.commands.ProcessCommandRunner;
import dev.wgroam.lab.netns.Lab;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A JVM stopped with SIGTERM while its lab stands (a cancelled build, a CI timeout) leaves no
 * namespace, wireguard-go or socket behind: the lab's shutdown hook cleans up what close() would.
 */
class LabCleanupAtExitTest {

    /** The child JVM: builds a namespace with a wireguard-go interface, says so, and waits to be stopped. */
    public static final class HeldLab {
        public static void main(String[] args) throws InterruptedException {
            Lab lab = new Lab();
            String ns = lab.host("held");
            String iface = lab.iface("hl");
            lab.wireguard(ns, iface);
            System.out.println("ready " + ns + " " + iface);
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(2));
        }
    }

    private final ProcessCommandRunner root = new ProcessCommandRunner(Duration.ofSeconds(10), 1024 * 1024);

    @Test
    void sigtermWhileTheLabStands_leavesNothingBehind(TestInfo test) throws Exception {
        NetnsRequirement.requireOrSkip(getClass().getSimpleName() + "." + test.getDisplayName());
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HeldLab.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String ns = null;
        String iface = null;
        List<ProcessHandle> spawned = List.of();
        try {
            String line = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertTrue(line != null && line.startsWith("ready "), "the child did not build its lab: " + line);
            String[] words = line.split(" ");
            ns = words[1];
            iface = words[2];
            assertTrue(namespaces().contains(ns), "the lab's namespace exists while the child runs");
            // Taken now: once the child is gone, its wireguard-go would be nobody's descendant.
            spawned = child.descendants().toList();
            assertFalse(spawned.isEmpty(), "the child runs wireguard-go");

            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child stops within 30 s");

            assertFalse(namespaces().contains(ns), "namespace " + ns + " is gone");
            assertFalse(Files.exists(Path.of("/var/run/wireguard", iface + ".sock")), "no socket left");
            assertEquals(List.of(), spawned.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList(),
                    "no process the lab started is left");
        } finally {
            // Whatever the assertions found, nothing of this test outlives it.
            spawned.forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            if (ns != null && namespaces().contains(ns)) {
                root.run(List.of("ip", "netns", "del", ns));
            }
        }
    }

    private List<String> namespaces() {
        return root.run(List.of("ip", "netns", "list")).lines().map(l -> l.split(" ")[0]).toList();
    }
}
