package dev.wgroam.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wgroam.cli.CliMain;
import dev.wgroam.cli.registry.ImportedClient;
import dev.wgroam.cli.registry.OperatorRegistry;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.local.DynamoDbLocal;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.wgroam.operator.OperatorAction;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * `wg-roam status | drain | undrain` against DynamoDB Local and moto's EventBridge; Global
 * Accelerator, which has no emulator, is WireMock answering in its wire format (JSON 1.1).
 */
class CliTest {

    static final String GROUP_A = "arn:aws:globalaccelerator::123456789012:accelerator/acc/listener/lst/endpoint-group/group-a";
    static final String GROUP_B = "arn:aws:globalaccelerator::123456789012:accelerator/acc/listener/lst/endpoint-group/group-b";
    static final String DESCRIBE = "GlobalAccelerator_V20180706.DescribeEndpointGroup";

    final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    final String table = dynamo.createTable("cli").tableName();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final WireMockServer accelerator = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @BeforeEach
    void startAccelerator() {
        accelerator.start();
    }

    @AfterEach
    void stopAccelerator() {
        accelerator.stop();
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table, "--endpoint", dynamo.endpoint().toString()));
        return CliMain.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The accelerator's URL, so status reads GA weights from WireMock. */
    private String acceleratorEndpoint() {
        return "http://127.0.0.1:" + accelerator.port();
    }

    static final NodeId NODE_A = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0aaaaaaaaaaaaaaa1");
    static final NodeId NODE_B = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0bbbbbbbbbbbbbbb2");

    /**
     * Node a (FAILED) owns client 7, which node b also saw, from elsewhere and earlier; node b owns
     * client 8, of which it has no observation (yet). Both approved through the operator's registry
     * code, each pinned to the backbone key its record reports; each GA endpoint id is its instance id.
     */
    private void seedFleet() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        OperatorRegistry operator = new OperatorRegistry(dynamo.dynamoDb(), table, Clock.systemUTC());
        operator.setFleet(new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/16"), "a1.awsglobalaccelerator.com"));
        PeerKey client7 = OwnershipStreamTest.client(7);
        PeerKey client8 = OwnershipStreamTest.client(8);
        operator.importClients(List.of(
                new ImportedClient(new ClientName("callserver-7"), client7, Cidr.parse("10.50.0.7/32")),
                new ImportedClient(new ClientName("callserver-8"), client8, Cidr.parse("10.50.0.8/32"))));
        NodeName nameA = approve(operator, NODE_A, 1, now);
        NodeName nameB = approve(operator, NODE_B, 2, now);
        put(NodeStatusItem.toItem(new NodeStatus(NODE_A, nameA, new Region("eu-west-1"), NodeState.FAILED,
                "alarm heartbeat", now, 128, 0)));
        put(OwnerItem.toItem(new Owner(new Subject.Client(client7), Cidr.parse("10.50.0.7/32"), NODE_A, nameA,
                now.minusSeconds(30), 4, now, null)));
        put(OwnerItem.toItem(new Owner(new Subject.Client(client8), Cidr.parse("10.50.0.8/32"), NODE_B, nameB,
                now.minusSeconds(40), 1, now.minusSeconds(60), null)));
        put(ObservationItem.toItem(new Observation(NODE_A, client7, now.minusSeconds(5),
                Endpoint.parse("198.51.100.23:51820"), 100, 200, now)));
        put(ObservationItem.toItem(new Observation(NODE_B, client7, now.minusSeconds(50),
                Endpoint.parse("203.0.113.99:40000"), 100, 200, now)));
    }

    /** Writes node {@code n}'s own record, then approves it for a VPC of its own, named vpn-&lt;instance id&gt;. */
    private NodeName approve(OperatorRegistry operator, NodeId node, int n, Instant now) {
        NodeRecord record = new NodeRecord(node, OwnershipStreamTest.client(100 + n), Cidr.parse("10.99.0." + n + "/32"),
                Endpoint.parse("192.0.2." + n + ":51821"), now, "test", AppliedRoutes.NONE);
        put(NodeRecordItem.toItem(record));
        NodeName name = new NodeName("vpn-" + node.shortForm());
        operator.approve(new NodeApproval(node, name, new Region("eu-west-1"), List.of(Cidr.parse("172.31." + n + ".0/24")),
                record.backboneKey(), record.backboneAddress(), n == 1, node.shortForm(), now));
        return name;
    }

    private void put(Map<String, AttributeValue> item) {
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(item));
    }

    /** GA's answer for one endpoint group: its endpoints with weight and health state. */
    private void stubGroup(String arn, String endpointDescriptions) {
        accelerator.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(DESCRIBE))
                .withRequestBody(matchingJsonPath("$.EndpointGroupArn", equalTo(arn)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"EndpointGroup\":{\"EndpointGroupArn\":\"" + arn + "\",\"EndpointGroupRegion\":"
                                + "\"eu-west-1\",\"EndpointDescriptions\":[" + endpointDescriptions + "]}}")));
    }

    private void stubBothGroups() {
        stubGroup(GROUP_A, "{\"EndpointId\":\"i-0aaaaaaaaaaaaaaa1\",\"Weight\":0,\"HealthState\":\"UNHEALTHY\","
                + "\"HealthReason\":\"Health check failed\",\"ClientIPPreservationEnabled\":true}");
        stubGroup(GROUP_B, "{\"EndpointId\":\"i-0bbbbbbbbbbbbbbb2\",\"Weight\":128,\"HealthState\":\"HEALTHY\","
                + "\"ClientIPPreservationEnabled\":true}");
    }

    /** The line of the text output that starts with {@code first}. */
    private String line(String first) {
        return out().lines().filter(l -> l.startsWith(first)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + first + " in\n" + out()));
    }

    /** The cells of a text row: columns are two or more spaces apart, and no cell holds two spaces. */
    private static List<String> cells(String line) {
        return List.of(line.split(" {2,}"));
    }

    /** Where each cell of a text row starts. */
    private static List<Integer> starts(String line) {
        List<Integer> starts = new ArrayList<>();
        Matcher m = Pattern.compile("(?:^|(?<=  ))\\S").matcher(line);
        while (m.find()) {
            starts.add(m.start());
        }
        return starts;
    }

    /** The number a JSON object member {@code "name":n} holds, in the object that first has {@code after}. */
    private static long number(String json, String after, String name) {
        Matcher m = Pattern.compile(Pattern.quote(after) + "[^}]*\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), name + " after " + after + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void status_json_showsNodesStatesLagAndOwners() {
        seedFleet();

        assertEquals(0, run("status", "--json"), err.toString(StandardCharsets.UTF_8));

        String json = out();
        assertTrue(json.contains("\"name\":\"vpn-i-0aaaaaaaaaaaaaaa1\""), json);
        assertTrue(json.contains("\"state\":\"FAILED\""), json);
        assertTrue(json.contains("\"versionLag\":5"), "the node applied nothing of the owner set's 4 + 1: " + json);
        assertTrue(json.contains("\"prefix\":\"10.50.0.7/32\""), json);
        assertTrue(json.contains("\"gaWeight\":null,\"gaHealth\":null,\"gaUnknownReason\":\"no --endpoint-group given"),
                "without endpoint groups, weights are unknown and the reason says how to get them: " + json);
        accelerator.verify(0, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void status_text_withEndpointGroups_showsEachNodesGaWeightAndHealth_inAlignedColumns() {
        seedFleet();
        stubBothGroups();

        assertEquals(0, run("status", "--endpoint-group", GROUP_A, "--endpoint-group", GROUP_B,
                "--accelerator-endpoint", acceleratorEndpoint()), err());

        String header = line("NODE");
        assertEquals(List.of("NODE", "REGION", "STATE", "GA-WEIGHT", "GA-HEALTH", "HEARTBEAT", "ROUTES", "LAG", "RECORD",
                "REASON"), cells(header));
        List<String> a = cells(line("vpn-i-0aaaaaaaaaaaaaaa1"));
        List<String> b = cells(line("vpn-i-0bbbbbbbbbbbbbbb2"));
        assertEquals(List.of("FAILED", "0", "UNHEALTHY"), a.subList(2, 5), out());
        assertEquals(List.of("ACTIVE", "128", "HEALTHY"), b.subList(2, 5), out());
        assertEquals(starts(header).subList(0, 10), starts(line("vpn-i-0aaaaaaaaaaaaaaa1")), out());
        assertEquals(starts(header).subList(0, 9), starts(line("vpn-i-0bbbbbbbbbbbbbbb2")), "node b has no reason: " + out());
        assertFalse(out().contains("GA weight unknown"), out());
        // The SDK's own request, in GA's wire format, once per group.
        accelerator.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(DESCRIBE))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1")));
    }

    @Test
    void status_json_withCommaSeparatedGroups_carriesWeightAndHealth() {
        seedFleet();
        stubBothGroups();

        assertEquals(0, run("status", "--json", "--endpoint-group", GROUP_A + "," + GROUP_B,
                "--accelerator-endpoint", acceleratorEndpoint()), err());

        String json = out();
        assertTrue(json.contains("\"name\":\"vpn-i-0aaaaaaaaaaaaaaa1\",\"node\":\"arn:aws:ec2:eu-west-1:123456789012:instance/"
                + "i-0aaaaaaaaaaaaaaa1\",\"region\":\"eu-west-1\",\"state\":\"FAILED\",\"reason\":\"alarm heartbeat\","
                + "\"gaWeight\":0,\"gaHealth\":\"UNHEALTHY\",\"gaUnknownReason\":null"), json);
        assertTrue(json.contains("\"gaWeight\":128,\"gaHealth\":\"HEALTHY\",\"gaUnknownReason\":null"), json);
    }

    @Test
    void status_whenGaDeniesAccess_showsWeightsUnknownWithTheReason_andEverythingElse() {
        seedFleet();
        accelerator.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(DESCRIBE))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:iam::123456789012:"
                                + "user/ops is not authorized to perform: globalaccelerator:DescribeEndpointGroup\"}")));

        assertEquals(0, run("status", "--endpoint-group", GROUP_A, "--accelerator-endpoint", acceleratorEndpoint()), err());

        assertEquals(List.of("FAILED", "?", "?"), cells(line("vpn-i-0aaaaaaaaaaaaaaa1")).subList(2, 5), out());
        assertEquals("GA weight unknown: endpoint group group-a: AccessDeniedException: User: arn:aws:iam::123456789012:"
                        + "user/ops is not authorized to perform: globalaccelerator:DescribeEndpointGroup",
                line("GA weight unknown"));
        assertEquals("198.51.100.23:51820", cells(line(OwnershipStreamTest.client(7).shortForm())).get(4), out());
        assertTrue(out().contains("LAST CHANGES"), out());

        out.reset();
        assertEquals(0, run("status", "--json", "--endpoint-group", GROUP_A, "--accelerator-endpoint", acceleratorEndpoint()));

        assertTrue(out().contains("\"gaWeight\":null,\"gaHealth\":null,\"gaUnknownReason\":\"endpoint group group-a: "
                + "AccessDeniedException: User: arn:aws:iam::123456789012:user/ops"), out());
        assertTrue(out().contains("\"prefix\":\"10.50.0.8/32\""), out());
    }

    @Test
    void status_whenOneGroupFails_showsTheOtherGroupsWeights_andNamesTheNodesLeftUnknown() {
        seedFleet();
        stubGroup(GROUP_B, "{\"EndpointId\":\"i-0bbbbbbbbbbbbbbb2\",\"Weight\":128,\"HealthState\":\"HEALTHY\"}");
        accelerator.stubFor(post(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.EndpointGroupArn", equalTo(GROUP_A)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"EndpointGroupNotFoundException\",\"Message\":\"no such group\"}")));

        assertEquals(0, run("status", "--endpoint-group", GROUP_A + "," + GROUP_B,
                "--accelerator-endpoint", acceleratorEndpoint()), err());

        assertEquals(List.of("?", "?"), cells(line("vpn-i-0aaaaaaaaaaaaaaa1")).subList(3, 5), out());
        assertEquals(List.of("128", "HEALTHY"), cells(line("vpn-i-0bbbbbbbbbbbbbbb2")).subList(3, 5), out());
        assertEquals("GA weight unknown for vpn-i-0aaaaaaaaaaaaaaa1: endpoint group group-a: "
                + "EndpointGroupNotFoundException: no such group", line("GA weight unknown"));
    }

    @Test
    void status_showsTheEndpointTheOwnerSeesEachClientAt_andTheOwnersNewestHandshake() {
        seedFleet();

        assertEquals(0, run("status"), err());

        String header = line("CLIENT");
        assertEquals(List.of("CLIENT", "NAME", "ADDRESS", "OWNER", "ENDPOINT", "VERSION", "HANDSHAKE"), cells(header));
        String client7 = line(OwnershipStreamTest.client(7).shortForm());
        String client8 = line(OwnershipStreamTest.client(8).shortForm());
        // Node b saw client 7 at 203.0.113.99 too, but node a owns it.
        assertEquals(List.of("callserver-7", "10.50.0.7/32", "vpn-i-0aaaaaaaaaaaaaaa1", "198.51.100.23:51820"),
                cells(client7).subList(1, 5));
        assertEquals(List.of("callserver-8", "10.50.0.8/32", "vpn-i-0bbbbbbbbbbbbbbb2", "-"), cells(client8).subList(1, 5),
                "node b has no observation of client 8: " + out());
        assertEquals(starts(header), starts(client7), out());
        assertEquals(starts(header), starts(client8), out());

        out.reset();
        assertEquals(0, run("status", "--json"), err());

        String json = out();
        assertTrue(json.contains("\"prefix\":\"10.50.0.7/32\",\"owner\":\"vpn-i-0aaaaaaaaaaaaaaa1\","
                + "\"endpoint\":\"198.51.100.23:51820\""), json);
        assertTrue(json.contains("\"prefix\":\"10.50.0.8/32\",\"owner\":\"vpn-i-0bbbbbbbbbbbbbbb2\",\"endpoint\":null"), json);
        // The owner item holds the handshake that won (30 s ago); the owner's observation a newer one (5 s).
        long age7 = number(json, "\"prefix\":\"10.50.0.7/32\"", "handshakeAgeSeconds");
        assertTrue(age7 >= 5 && age7 < 30, "handshake age " + age7 + " in " + json);
        long age8 = number(json, "\"prefix\":\"10.50.0.8/32\"", "handshakeAgeSeconds");
        assertTrue(age8 >= 40 && age8 < 60, "without an observation, the owner item's handshake: " + age8 + " in " + json);
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

        assertTrue(err().contains("no node 'vpn-nowhere' is approved"), err());
        assertTrue(err().contains("nodes: [vpn-i-0aaaaaaaaaaaaaaa1, vpn-i-0bbbbbbbbbbbbbbb2]"), err());
    }

    @Test
    void status_withoutTheTable_saysHowToGetOne() {
        int exit = CliMain.run(List.of("status", "--table", "absent-table", "--endpoint", dynamo.endpoint().toString()),
                Map.of(), new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(66, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("deploy the home stack"));
    }

    @Test
    void status_whenDynamoDbDeniesAccess_saysSoInOneLine() {
        // WireMock answers every DynamoDB call as DynamoDB does when the role lacks the permission.
        accelerator.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withBody("{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"message\":\"User: ops is not"
                        + " authorized to perform: dynamodb:Query\"}")));

        int exit = CliMain.run(List.of("status", "--endpoint", acceleratorEndpoint()), Map.of(), new PrintStream(out),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(77, exit, err());
        assertEquals("AWS refused the request (DynamoDb AccessDeniedException): User: ops is not authorized to perform:"
                + " dynamodb:Query", err().strip());
    }

    @Test
    void aMalformedEndpointUrl_isAUsageError() {
        int exit = CliMain.run(List.of("status", "--endpoint", "localhost:8000"), Map.of(), new PrintStream(out),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(64, exit);
        assertTrue(err().contains("--endpoint must be an http(s) URL, not 'localhost:8000'"), err());
    }

    @Test
    void drain_sendsTheOperatorEventToTheNodesRegion_onTheFleetsOperatorBus() {
        seedFleet();
        try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(MotoServer.endpoint())
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(MotoServer.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            events.createEventBus(r -> r.name(OperatorAction.busName("wg-roam")));
        } catch (ResourceAlreadyExistsException alreadyThere) {
            // Another run of this test on the same moto created it.
        }

        int exit = run("drain", "vpn-i-0aaaaaaaaaaaaaaa1", "--reason", "kernel update",
                "--events-endpoint", MotoServer.endpoint().toString());

        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertTrue(out().contains("drain of vpn-i-0aaaaaaaaaaaaaaa1 sent to the failover function in eu-west-1"), out());
    }
}
