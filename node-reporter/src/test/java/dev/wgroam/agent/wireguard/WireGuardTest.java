package dev.wgroam.agent.wireguard;

import dev.wgroam.commands.CommandRunner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireGuardTest {

    /** Knows one command, `wg show clients dump`, and fails on any other argv. */
    private static final CommandRunner ONLY_WG_SHOW_CLIENTS_DUMP = (argv, stdin) -> {
        if (!argv.equals(List.of("wg", "show", "clients", "dump")) || !stdin.isEmpty()) {
            throw new AssertionError("unexpected command " + argv + " with stdin " + stdin.length() + " chars");
        }
        return Fixtures.read(Fixtures.REAL_CAPTURE);
    };

    @Test
    void dump_runsWgShowDumpForTheInterface_andParsesItsOutput() {
        WgDump dump = new WireGuard(ONLY_WG_SHOW_CLIENTS_DUMP).dump(InterfaceName.of("clients"));

        assertEquals(WgDumpParser.parse(Fixtures.read(Fixtures.REAL_CAPTURE)), dump);
        assertEquals(4, dump.peers().size());
    }

    @Test
    void dump_ofAnUnusableFirstLine_throwsMalformedDump() {
        WireGuard wireGuard = new WireGuard((argv, stdin) -> "Unable to access interface\n");

        assertThrows(MalformedDumpException.class, () -> wireGuard.dump(InterfaceName.of("clients")));
    }
}
