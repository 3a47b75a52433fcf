package dev.wgroam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.cli.CommandLine.UsageException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each command takes, and where the table is reached. */
class CommandLineTest {

    private static CommandLine parse(String... args) {
        return CommandLine.parse(List.of(args));
    }

    @Test
    void parse_readsWordsOptionsAndFlags_andRepeatedEndpointGroups() {
        CommandLine line = parse("node", "approve", "node-a", "--vpc", "10.1.0.0/16", "--primary", "--region", "eu-west-1");
        assertEquals(Command.NODE_APPROVE, line.command());
        assertEquals(List.of("node-a"), line.arguments());
        assertEquals(Map.of("vpc", "10.1.0.0/16", "region", "eu-west-1"), line.options());
        assertTrue(line.flag("primary"));

        assertEquals(List.of("a", "b", "c"), parse("status", "--endpoint-group", "a,b", "--endpoint-group", "c").endpointGroups());
    }

    @Test
    void parse_refusesWhatTheCommandDoesNotTake() {
        assertTrue(assertThrows(UsageException.class, () -> parse("client", "list", "--primary")).getMessage()
                .contains("takes no --primary"));
        assertTrue(assertThrows(UsageException.class, () -> parse("client", "add", "x", "--public-key", "k", "--public-key", "k"))
                .getMessage().contains("given twice"));
        assertTrue(assertThrows(UsageException.class, () -> parse("node", "list", "--endpoint-group", "g")).getMessage()
                .contains("only status"));
        assertTrue(assertThrows(UsageException.class, () -> parse("client", "remove", "a", "b")).getMessage()
                .contains("usage: wg-roam client remove NAME"));
        assertTrue(assertThrows(UsageException.class, () -> parse("clients", "list")).getMessage()
                .contains("wg-roam fleet set --client-cidr CIDR"));
    }

    @Test
    void tableRegion_isTheRegionOption_exceptInNodeApprove_whereThatIsTheNodes() {
        Map<String, String> env = Map.of("AWS_REGION", "us-east-1");
        assertEquals("eu-central-1", CliMain.tableRegion(parse("client", "list", "--region", "eu-central-1"), env));
        assertEquals("us-east-1", CliMain.tableRegion(parse("node", "approve", "n", "--vpc", "10.1.0.0/16",
                "--region", "eu-central-1"), env));
        assertEquals("ap-south-1", CliMain.tableRegion(parse("node", "approve", "n", "--vpc", "10.1.0.0/16",
                "--region", "eu-central-1", "--table-region", "ap-south-1"), env));
        assertEquals("eu-west-1", CliMain.tableRegion(parse("status"), Map.of()));
    }
}
