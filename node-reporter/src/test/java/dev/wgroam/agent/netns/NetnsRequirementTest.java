package dev.wgroam.agent.netns;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetnsRequirementTest {

    private final List<String> console = new ArrayList<>();

    @Test
    void nothingMissing_letsTheTestRun_whateverTheVariableSays() {
        assertDoesNotThrow(() -> NetnsRequirement.check(Map.of(), List.of(), "T", console::add));
        assertDoesNotThrow(() -> NetnsRequirement.check(Map.of("WGROAM_REQUIRE_NETNS", "1"), List.of(), "T", console::add));
        assertEquals(List.of(), console);
    }

    @Test
    void somethingMissing_skipsTheTest_namingWhatIsMissingAndHowToMakeItAFailure() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> NetnsRequirement.check(Map.of(), List.of("root (uid 0)", "wireguard-go on PATH"), "T", console::add));

        assertTrue(e.getMessage().contains("T SKIPPED"), e.getMessage());
        assertTrue(e.getMessage().contains("[root (uid 0), wireguard-go on PATH]"), e.getMessage());
        assertTrue(e.getMessage().contains("WGROAM_REQUIRE_NETNS=1"), e.getMessage());
        assertEquals(1, console.size());
        assertTrue(console.get(0).startsWith("!!!!!!!!!!") && console.get(0).contains(e.getMessage()), console.get(0));
    }

    @Test
    void somethingMissing_failsTheTest_whenTheVariableRequiresIt() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> NetnsRequirement.check(Map.of("WGROAM_REQUIRE_NETNS", "1"), List.of("root (uid 0)"), "T", console::add));

        assertTrue(e.getMessage().contains("T FAILED"), e.getMessage());
        assertTrue(console.get(0).contains("T FAILED"), console.toString());
    }

    @Test
    void somethingMissing_stillSkips_whenTheVariableIsNotExactlyOne() {
        assertThrows(TestAbortedException.class,
                () -> NetnsRequirement.check(Map.of("WGROAM_REQUIRE_NETNS", "true"), List.of("root (uid 0)"), "T", console::add));
    }
}
