package dev.wgroam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.aws.table.TableLists;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code fleet}, {@code node} and {@code client} commands through {@link CliMain#run}, against
 * DynamoDB Local over HTTP. Every refusal is checked to leave the table exactly as it was.
 */
class RegistryCommandsTest extends CliFixture {

    // fleet

    @Test
    void fleetSet_thenShow_givesTheSettings_andALaterSetChangesOnlyWhatItNames() {
        fleet();
        assertEquals(0, run("fleet", "set", "--accelerator", "203.0.113.50"), err());

        assertEquals(0, run("fleet", "show"), err());
        assertTrue(out().startsWith("fleet settings: client CIDR 10.50.0.0/24, backbone range 10.99.0.0/24, accelerator"
                + " 203.0.113.50, clients key " + CLIENTS_KEY + ", client port 51820\n"), out());
    }

    @Test
    void fleetSet_theFirstTime_needsAllThree_andRefusesForbiddenRanges() {
        assertEquals(CliMain.USAGE, run("fleet", "set", "--client-cidr", "10.50.0.0/24"));
        assertTrue(err().contains("needs all of"), err());

        assertTrue(refused("fleet", "set", "--client-cidr", "169.254.0.0/16", "--backbone-range", "10.99.0.0/24",
                "--accelerator", "vpn.example.com").contains("169.254.0.0/16"), err());
        assertTrue(scan().isEmpty());
    }

    @Test
    void fleetSet_thatWouldLeaveARegisteredClientOut_isRefused() {
        fleet();
        assertEquals(0, run("client", "add", "seven", "--public-key", randomKey().base64()), err());

        String why = refused("fleet", "set", "--client-cidr", "10.60.0.0/24");

        assertTrue(why.contains("would leave out client seven"), why);
    }

    // node approve

    @Test
    void nodeApprove_showsTheNodesOwnRecord_andPinsItsBackboneKeyAndAddress_withRegionAndEndpointFromTheArn() {
        fleet();
        PeerKey key = randomKey();
        nodeWrites(ARN_A, key, "10.99.0.1/32");

        assertEquals(0, run("node", "approve", ARN_A, "--vpc", "172.31.0.0/16", "--primary", "--name", "vpn-eu-1a"), err());

        assertTrue(out().contains("  backbone key       " + key.base64() + "\n"), out());
        assertTrue(out().contains("  backbone endpoint  203.0.113.10:51821\n"), out());
        assertTrue(out().contains("heartbeat 12 s ago") || out().contains("heartbeat 13 s ago"), out());
        NodeApproval approval = approvals().get(0);
        assertEquals(List.of(ARN_A, "vpn-eu-1a", "eu-west-1", "i-0aaaaaaaaaaaaaaa1", "10.99.0.1/32"),
                List.of(approval.node().value(), approval.name().value(), approval.region().name(), approval.gaEndpointId(),
                        approval.backboneAddress().toString()));
        assertEquals(key, approval.backboneKey());
        assertEquals(List.of(Cidr.parse("172.31.0.0/16")), approval.vpcCidrs());
        assertTrue(approval.primary());
    }

    @Test
    void nodeApprove_ofALocalNodeId_needsItsRegion() {
        fleet();
        nodeWrites("node-a", randomKey(), "10.99.0.1/32");

        assertEquals(CliMain.USAGE, run("node", "approve", "node-a", "--vpc", "172.31.1.0/24"));
        assertTrue(err().contains("give --region"), err());

        assertEquals(0, run("node", "approve", "node-a", "--vpc", "172.31.1.0/24", "--region", "eu-west-1"), err());
        assertEquals("node-a", approvals().get(0).name().value());
        assertEquals("", approvals().get(0).gaEndpointId());
    }

    @Test
    void nodeApprove_ofANodeWithoutARecord_isRefused() {
        fleet();

        assertTrue(refused("node", "approve", ARN_A, "--vpc", "172.31.0.0/16").contains("has written no record yet"), err());
    }

    @Test
    void nodeApprove_beforeTheFleetSettings_isRefused() {
        nodeWrites(ARN_A, randomKey(), "10.99.0.1/32");

        assertTrue(refused("node", "approve", ARN_A, "--vpc", "172.31.0.0/16").contains("no fleet settings yet"), err());
    }

    @Test
    void nodeApprove_refusesOverlapsDuplicatesAndForbiddenPrefixes_writingNothing() {
        fleet();
        PeerKey keyA = randomKey();
        nodeWrites(ARN_A, keyA, "10.99.0.1/32");
        assertEquals(0, run("node", "approve", ARN_A, "--vpc", "172.31.0.0/16", "--primary"), err());

        // Another region, an overlapping CIDR (the same one is an HA pair only within a region).
        nodeWrites(ARN_C, randomKey(), "10.99.0.3/32");
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "172.31.0.0/16").contains("in another region"), err());
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "172.16.0.0/12,172.31.128.0/17").contains("overlaps"), err());
        // Prefixes no node may ever route, the client CIDR, the backbone range.
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "0.0.0.0/0").contains("shorter than /8"), err());
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "169.254.0.0/16").contains("never routed"), err());
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "10.50.0.0/16").contains("overlaps the client CIDR"), err());
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "10.99.0.0/16").contains("backbone range"), err());
        // A region or endpoint other than the ARN's.
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "172.16.0.0/16", "--region", "eu-west-1")
                .contains("is in us-east-1"), err());
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "172.16.0.0/16", "--ga-endpoint", "i-0aaaaaaaaaaaaaaa1")
                .contains("is the accelerator endpoint i-0ccccccccccccccc3"), err());

        // A node whose record repeats node a's backbone key, or address.
        nodeWrites(ARN_C, keyA, "10.99.0.3/32");
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "172.16.0.0/16").contains("backbone key"), err());
        nodeWrites(ARN_C, randomKey(), "10.99.0.1/32");
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "172.16.0.0/16").contains("backbone address 10.99.0.1/32"), err());
        // A backbone address outside the backbone range.
        nodeWrites(ARN_C, randomKey(), "10.98.0.3/32");
        assertTrue(refused("node", "approve", ARN_C, "--vpc", "172.16.0.0/16").contains("outside the backbone range"), err());

        assertEquals(List.of(ARN_A), approvals().stream().map(a -> a.node().value()).toList());
    }

    @Test
    void nodeApprove_ofAnHaPairInOneRegion_sharesTheVpc() {
        fleet();
        nodeWrites(ARN_A, randomKey(), "10.99.0.1/32");
        nodeWrites(ARN_B, randomKey(), "10.99.0.2/32");

        assertEquals(0, run("node", "approve", ARN_A, "--vpc", "172.31.0.0/16", "--primary"), err());
        assertEquals(0, run("node", "approve", ARN_B, "--vpc", "172.31.0.0/16"), err());

        assertEquals(2, approvals().size());
    }

    @Test
    void nodeApprove_dryRun_checksAndShows_butWritesNothing() {
        fleet();
        nodeWrites(ARN_A, randomKey(), "10.99.0.1/32");
        List<Map<String, AttributeValue>> before = scan();

        assertEquals(0, run("node", "approve", ARN_A, "--vpc", "172.31.0.0/16", "--dry-run"), err());

        assertTrue(out().contains("would approve i-0aaaaaaaaaaaaaaa1 in eu-west-1: VPC 172.31.0.0/16, standby"), out());
        assertEquals(before, scan());
    }

    @Test
    void nodeList_showsEachApproval_whetherItsRecordMatches_andWhatIsNotBelieved() {
        fleet();
        PeerKey keyA = randomKey();
        nodeWrites(ARN_A, keyA, "10.99.0.1/32");
        nodeWrites(ARN_B, randomKey(), "10.99.0.2/32");
        assertEquals(0, run("node", "approve", ARN_A, "--vpc", "172.31.0.0/16", "--primary", "--name", "vpn-a"), err());
        assertEquals(0, run("node", "approve", ARN_B, "--vpc", "172.31.0.0/16", "--name", "vpn-b"), err());
        // Node b reinstalled with a new key: its record no longer matches what was approved.
        nodeWrites(ARN_B, randomKey(), "10.99.0.2/32");

        assertEquals(0, run("node", "list"), err());

        List<String> lines = out().lines().toList();
        assertEquals(List.of("NAME", "NODE", "REGION", "VPC", "PRIMARY", "GA-ENDPOINT", "BACKBONE-KEY", "RECORD", "HEARTBEAT",
                "BELIEVED"), List.of(lines.get(0).split(" {2,}")));
        assertEquals(List.of("vpn-a", ARN_A, "eu-west-1", "172.31.0.0/16", "yes", "i-0aaaaaaaaaaaaaaa1", keyA.shortForm(), "ok"),
                List.of(lines.get(1).split(" {2,}")).subList(0, 8));
        assertEquals(List.of("other backbone key", "yes"), List.of(lines.get(2).split(" {2,}")).subList(7, 10).stream()
                .filter(c -> !c.endsWith("ago")).toList());
    }

    @Test
    void nodeRemove_deletesTheApproval_byNameOrId() {
        fleet();
        nodeWrites(ARN_A, randomKey(), "10.99.0.1/32");
        assertEquals(0, run("node", "approve", ARN_A, "--vpc", "172.31.0.0/16", "--name", "vpn-a"), err());

        assertEquals(0, run("node", "remove", "vpn-a"), err());

        assertTrue(approvals().isEmpty());
        assertTrue(refused("node", "remove", ARN_A).contains("is not approved"), err());
    }

    // client add, remove, list

    @Test
    void clientAdd_givesTheLowestFreeAddress_afterTheGateway() {
        fleet();
        PeerKey key = randomKey();

        assertEquals(0, run("client", "add", "callserver-7", "--public-key", key.base64()), err());

        assertTrue(out().startsWith("registered callserver-7 at 10.50.0.2/32 (key " + key.shortForm() + ")\n"), out());
        assertEquals(0, run("client", "add", "callserver-8", "--public-key", randomKey().base64()), err());
        assertEquals(List.of("10.50.0.2/32", "10.50.0.3/32"), clients().stream().map(c -> c.address().toString()).sorted().toList());
    }

    @Test
    void clientAdd_ofATakenKeyOrName_orAnInvalidOne_isRefused() {
        fleet();
        PeerKey key = randomKey();
        assertEquals(0, run("client", "add", "seven", "--public-key", key.base64()), err());

        assertTrue(refused("client", "add", "eight", "--public-key", key.base64())
                .contains("is already registered as seven at 10.50.0.2/32"), err());
        assertTrue(refused("client", "add", "seven", "--public-key", randomKey().base64())
                .contains("the name seven is already registered"), err());
        assertTrue(refused("client", "add", "eight", "--public-key", "AAAA").contains("not a WireGuard public key"), err());
        assertTrue(refused("client", "add", "two words", "--public-key", randomKey().base64()).contains("not a client name"), err());
    }

    @Test
    void clientAdd_whenTheClientCidrIsFull_isRefused() {
        assertEquals(0, run("fleet", "set", "--client-cidr", "10.50.0.0/30", "--backbone-range", "10.99.0.0/24",
                "--accelerator", "vpn.example.com", "--clients-public-key", CLIENTS_KEY.base64()), err());
        assertEquals(0, run("client", "add", "only", "--public-key", randomKey().base64()), err());

        assertTrue(refused("client", "add", "more", "--public-key", randomKey().base64()).contains("no free address left"), err());
    }

    @Test
    void clientAdd_fromTwoClisAtOnce_neverSharesAnAddress() throws Exception {
        fleet();
        int perCli = 10;
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        List<Thread> clis = new ArrayList<>();
        for (int cli = 0; cli < 2; cli++) {
            int n = cli;
            clis.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < perCli; i++) {
                    ByteArrayOutputStream errors = new ByteArrayOutputStream();
                    int exit = CliMain.run(List.of("client", "add", "cli" + n + "-" + i, "--public-key", randomKey().base64(),
                                    "--table", table, "--endpoint", dynamo.endpoint().toString()), Map.of(),
                            new PrintStream(new ByteArrayOutputStream()), new PrintStream(errors, true, StandardCharsets.UTF_8));
                    if (exit != 0) {
                        failures.add(exit + ": " + errors.toString(StandardCharsets.UTF_8));
                    }
                }
            }));
        }
        for (Thread t : clis) {
            t.join();
        }

        assertEquals(List.of(), failures);
        List<RegisteredClient> registered = clients();
        assertEquals(2 * perCli, registered.size());
        assertEquals(2 * perCli, registered.stream().map(RegisteredClient::address).distinct().count(), registered.toString());
        // Each client holds its address claim and name claim: 3 items per client, nothing else.
        assertEquals(3 * 2 * perCli + 1, scan().size(), "clients, claims and the fleet settings");
        for (RegisteredClient c : registered) {
            assertTrue(dynamo.dynamoDb().getItem(r -> r.tableName(table).key(RegisteredClientItem.addressClaimKey(c.address()))
                    .consistentRead(true)).hasItem(), "claim on " + c.address());
        }
    }

    @Test
    void clientRemove_thenAdd_reusesTheAddress() {
        fleet();
        for (String name : List.of("a", "b", "c")) {
            assertEquals(0, run("client", "add", name, "--public-key", randomKey().base64()), err());
        }
        int items = scan().size();

        assertEquals(0, run("client", "remove", "b"), err());
        assertTrue(out().contains("10.50.0.3/32 is free again"), out());
        assertEquals(items - 3, scan().size(), "the client and both claims are gone");

        assertEquals(0, run("client", "add", "d", "--public-key", randomKey().base64()), err());
        assertTrue(out().contains("registered d at 10.50.0.3/32"), out());
        assertEquals(0, run("client", "add", "b", "--public-key", randomKey().base64()), err());
        assertTrue(out().contains("registered b at 10.50.0.5/32"), "the name b is free again too: " + out());
    }

    @Test
    void clientRemove_whenTheAddressClaimNamesAnotherKey_deletesNothing() {
        fleet();
        assertEquals(0, run("client", "add", "a", "--public-key", randomKey().base64()), err());
        RegisteredClient a = clients().get(0);
        RegisteredClient other = new RegisteredClient(randomKey(), a.address(), a.name(), a.createdAt());
        dynamo.dynamoDb().putItem(r -> r.tableName(table)
                .item(RegisteredClientItem.claimItem(RegisteredClientItem.addressClaimKey(a.address()), other)));
        List<Map<String, AttributeValue>> before = scan();

        assertEquals(CliMain.UNAVAILABLE, run("client", "remove", "a"));

        assertTrue(err().contains("the claim on 10.50.0.2/32 names another key"), err());
        assertEquals(before, scan());
        assertTrue(refused("client", "remove", "nobody").contains("no client named nobody"), err());
    }

    @Test
    void clientList_showsNameAddressKeyWatchdogAndWhetherBelieved() {
        fleet();
        PeerKey key = randomKey();
        PeerKey bare = randomKey();
        assertEquals(0, run("client", "add", "seven", "--public-key", key.base64()), err());
        assertEquals(0, run("client", "add", "bare", "--public-key", bare.base64(), "--no-watchdog"), err());
        assertEquals(0, run("client", "rotate", "bare", "--public-key", randomKey().base64()), err());

        assertEquals(0, run("client", "list"), err());

        List<String> lines = out().lines().toList();
        assertEquals(List.of("NAME", "ADDRESS", "KEY", "OWNER", "HANDSHAKE", "WATCHDOG", "BELIEVED"),
                List.of(lines.get(0).split(" {2,}")));
        assertEquals(List.of("seven", "10.50.0.2/32", key.shortForm(), "-", "never", "yes", "yes"),
                List.of(lines.get(1).split(" {2,}")));
        assertEquals(List.of("bare", "10.50.0.3/32", "no"), pick(List.of(lines.get(2).split(" {2,}")), 0, 1, 5),
                "the operator's word at add, kept by a rotation");
    }

    private static List<String> pick(List<String> cells, int... indexes) {
        return java.util.Arrays.stream(indexes).mapToObj(cells::get).toList();
    }

    // usage

    @Test
    void unknownOptions_missingValues_andWrongArgumentCounts_areUsageErrors() {
        assertEquals(CliMain.USAGE, run("client", "add", "x", "--public-key"));
        assertEquals(CliMain.USAGE, run("client", "add", "x", "--public-key", randomKey().base64(), "--vpc", "10.0.0.0/8"));
        assertTrue(err().contains("takes no --vpc"), err());
        assertEquals(CliMain.USAGE, run("client", "remove"));
        assertEquals(CliMain.USAGE, run("node", "approve", ARN_A));
        assertTrue(err().contains("needs --vpc"), err());
        assertEquals(CliMain.USAGE, run("fleet"));
        assertTrue(err().contains("wg-roam client import FILE"), err());
        assertTrue(scan().isEmpty());
        assertFalse(err().isEmpty());
    }
}
