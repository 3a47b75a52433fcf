package dev.wgroam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code status} on the trimmed node records: names and regions from the approvals, each approved
 * node's record read by its exact key, the owner's observation of each client by its exact key.
 */
class StatusOnRegistryTest extends CliFixture {

    static final String ARN_A = RegistryCommandsTest.ARN_A;
    static final String ARN_B = RegistryCommandsTest.ARN_B;
    static final String ARN_C = RegistryCommandsTest.ARN_C;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    PeerKey seven;

    private void put(Map<String, AttributeValue> item) {
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(item));
    }

    /**
     * Node a (eu-west-1) owns client seven and its VPC, and applied both (versions 4 + 1); node c
     * (us-east-1) was approved, then reinstalled with another key; node b wrote a record but was
     * never approved.
     */
    private void seed() {
        fleet();
        PeerKey keyA = RegistryCommandsTest.randomKey();
        nodeWrites(ARN_A, keyA, "10.99.0.1/32");
        nodeWrites(ARN_C, RegistryCommandsTest.randomKey(), "10.99.0.3/32");
        nodeWrites(ARN_B, RegistryCommandsTest.randomKey(), "10.99.0.2/32");
        assertEquals(0, run("node", "approve", ARN_A, "--vpc", "172.31.0.0/16", "--primary", "--name", "vpn-a"), err());
        assertEquals(0, run("node", "approve", ARN_C, "--vpc", "172.16.0.0/16", "--primary", "--name", "vpn-c"), err());
        nodeWrites(ARN_C, RegistryCommandsTest.randomKey(), "10.99.0.3/32");
        put(NodeRecordItem.toItem(new NodeRecord(new NodeId(ARN_A), keyA, Cidr.parse("10.99.0.1/32"),
                Endpoint.parse("203.0.113.10:51821"), now.minusSeconds(20), "0.3.0", new AppliedRoutes(2, 5, now))));
        seven = RegistryCommandsTest.randomKey();
        assertEquals(0, run("client", "add", "seven", "--public-key", seven.base64()), err());

        NodeId a = new NodeId(ARN_A);
        put(OwnerItem.toItem(new Owner(new Subject.Client(seven), Cidr.parse("10.50.0.2/32"), a, new NodeName("vpn-a"),
                now.minusSeconds(30), 4, now.minusSeconds(30), null)));
        put(OwnerItem.toItem(new Owner(new Subject.Vpc(Cidr.parse("172.31.0.0/16")), Cidr.parse("172.31.0.0/16"), a,
                new NodeName("vpn-a"), Instant.EPOCH, 1, now.minusSeconds(60), null)));
        put(ObservationItem.toItem(new Observation(a, seven, now.minusSeconds(5), Endpoint.parse("198.51.100.23:51820"),
                100, 200, now.minusSeconds(4))));
        // Junk in node a's own partition: no reader ever takes it.
        put(Map.of(TableSchema.PARTITION_KEY, AttributeValue.fromS("node#" + ARN_A),
                TableSchema.SORT_KEY, AttributeValue.fromS("observation#junk"), TableSchema.KIND, AttributeValue.fromS("junk")));
    }

    private String line(String first) {
        return out().lines().filter(l -> l.startsWith(first)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + first + " in\n" + out()));
    }

    private static List<String> cells(String line) {
        return List.of(line.split(" {2,}"));
    }

    @Test
    void status_showsTheApprovedNodes_withNameAndRegionFromTheirApproval_andWhetherTheirRecordIsBelieved() {
        seed();

        assertEquals(0, run("status"), err());

        assertEquals(List.of("NODE", "REGION", "STATE", "GA-WEIGHT", "GA-HEALTH", "HEARTBEAT", "ROUTES", "LAG", "RECORD",
                "REASON"), cells(line("NODE")));
        List<String> a = cells(line("vpn-a"));
        assertEquals(List.of("vpn-a", "eu-west-1", "ACTIVE"), a.subList(0, 3));
        assertEquals(List.of("2", "0", "ok"), a.subList(6, 9), "node a applied the owner set's 4 + 1: " + out());
        assertEquals("other backbone key", cells(line("vpn-c")).get(8), out());
        assertFalse(out().contains(ARN_B.substring(ARN_B.lastIndexOf('/') + 1)), "node b is not approved: " + out());
        assertEquals(List.of(seven.shortForm(), "seven", "10.50.0.2/32", "vpn-a", "198.51.100.23:51820"),
                cells(line(seven.shortForm())).subList(0, 5));
        assertEquals("", err(), "the junk in node a's partition is never read");
    }

    @Test
    void status_json_carriesTheRecordMatchAndTheRegistryRefusals() {
        seed();
        // A client written by hand outside the client CIDR: in the table, believed by no one.
        put(dev.wgroam.table.RegisteredClientItem.toItem(new dev.wgroam.registry.RegisteredClient(
                RegistryCommandsTest.randomKey(), Cidr.parse("10.60.0.9/32"), new dev.wgroam.registry.ClientName("stray"), now)));

        assertEquals(0, run("status", "--json"), err());

        String json = out();
        assertTrue(json.contains("\"name\":\"vpn-a\",\"node\":\"" + ARN_A + "\",\"region\":\"eu-west-1\""), json);
        assertTrue(json.contains("\"record\":\"MATCHES\",\"heartbeatAgeSeconds\":"), json);
        assertTrue(json.contains("\"record\":\"OTHER_KEY\""), json);
        assertTrue(json.contains("\"registryRefusals\":[\"client stray: 10.60.0.9/32 is outside the client CIDR 10.50.0.0/24\"]"),
                json);
    }

    @Test
    void drain_ofANodeThatIsNotApproved_isRefused_namingTheApprovedOnes() {
        seed();

        assertEquals(CliMain.DATA, run("drain", ARN_B));

        assertTrue(err().contains("is approved in table") && err().contains("[vpn-a, vpn-c]"), err());
    }
}
