package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.cli.CliMain;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.local.DynamoDbLocal;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.OwnerItem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `wg-roam status | drain | undrain` against DynamoDB Local and moto's EventBridge. */
class CliTest {

    final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    final String table = dynamo.createTable("cli").tableName();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table, "--endpoint", dynamo.endpoint().toString()));
        return CliMain.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private void seedFleet() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var a = NodeAlarmsMotoTest.node("i-0aaaaaaaaaaaaaaa1");
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(NodeRecordItem.toItem(a)));
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(NodeStatusItem.toItem(new NodeStatus(a.node(),
                a.nodeName(), new Region("eu-west-1"), NodeState.FAILED, "alarm heartbeat", now, 128))));
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(OwnerItem.toItem(new Owner(
                new Subject.Client(OwnershipStreamTest.client(7)), Cidr.parse("10.50.0.7/32"), a.node(),
                new NodeName("vpn-a"), now.minusSeconds(30), 4, now, null))));
    }

    @Test
    void status_json_showsNodesStatesLagAndOwners() {
        seedFleet();

        assertEquals(0, run("status", "--json"), err.toString(StandardCharsets.UTF_8));

        String json = out();
        assertTrue(json.contains("\"name\":\"vpn-i-0aaaaaaaaaaaaaaa1\""), json);
        assertTrue(json.contains("\"state\":\"FAILED\""), json);
        assertTrue(json.contains("\"versionLag\":4"), "the node applied nothing of the owner set's 4: " + json);
        assertTrue(json.contains("\"prefix\":\"10.50.0.7/32\""), json);
    }

    @Test
    void status_text_isATable() {
        seedFleet();

        assertEquals(0, run("status"));

        assertTrue(out().startsWith("NODE"), out());
        assertTrue(out().contains("LAST CHANGES"), out());
    }

    @Test
    void drain_ofAnUnknownNode_saysWhichNodesExist() {
        seedFleet();

        assertEquals(65, run("drain", "vpn-nowhere"));

        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no node vpn-nowhere"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void status_withoutTheTable_saysHowToGetOne() {
        int exit = CliMain.run(List.of("status", "--table", "absent-table", "--endpoint", dynamo.endpoint().toString()),
                Map.of(), new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(66, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("deploy the home stack"));
    }

    @Test
    void drain_sendsTheOperatorEventToTheNodesRegion() {
        seedFleet();

        int exit = run("drain", "vpn-i-0aaaaaaaaaaaaaaa1", "--reason", "kernel update",
                "--events-endpoint", MotoServer.endpoint().toString());

        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertTrue(out().contains("drain of vpn-i-0aaaaaaaaaaaaaaa1 sent to the failover function in eu-west-1"), out());
    }
}
