package dev.wgroam.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.wgroam.aws.accelerator.GlobalAcceleratorWeights;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.failover.DynamoFailoverStore;
import dev.wgroam.functions.failover.FailoverEvents;
import dev.wgroam.functions.failover.FailoverFunction;
import dev.wgroam.functions.failover.FailoverHandler;
import dev.wgroam.functions.failover.FailoverPlan;
import dev.wgroam.functions.failover.NodeAlarms;
import dev.wgroam.functions.failover.VpcRouteTables;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.local.DynamoDbLocal;
import dev.wgroam.operator.OperatorAction;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.wireguard.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.globalaccelerator.GlobalAcceleratorClient;

/**
 * Issue 13: "an operator drain with a newline in the reason sets GA weight 0 and then fails to
 * write the status: the endpoint stays at 0 and undrain does nothing." The real failover handler,
 * fed the repository's EventBridge samples through the Lambda runtime's own deserializer, its store
 * on DynamoDB Local, its alarms and route tables on moto, and Global Accelerator's JSON 1.1 API
 * served by WireMock (it has no emulator). A reason that could not be written to the status item is
 * refused before any call: no Global Accelerator request at all, no status item, RefusedOperatorActions
 * counted. A valid drain still drains, and its undrain restores the weight. And a node record
 * that names another node's accelerator endpoint cannot turn an alarm about its writer into a
 * drain of that other node.
 */
class ForgedOperatorDrainTest {

    static final String GROUP = "arn:aws:globalaccelerator::123456789012:accelerator/abc/listener/def/endpoint-group/ghi";
    static final String TARGET = "GlobalAccelerator_V20180706.";
    static final Region EU = new Region("eu-west-1");
    /** The node the samples in events/ drain. */
    static final NodeId DRAINED = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890");
    static final NodeId STANDBY = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0b1c2d3e4f5a67891");
    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "203.0.113.100");
    static final PojoSerializer<ScheduledEvent> EVENTS =
            LambdaEventSerializers.serializerFor(ScheduledEvent.class, ForgedOperatorDrainTest.class.getClassLoader());

    final WireMockServer accelerator = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    final DynamoDbLocal local = DynamoDbLocal.shared();
    final String table = local.createTable("drain").tableName();
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    final String fleet = "drain-" + UUID.randomUUID();
    final FailoverHandler handler;

    ForgedOperatorDrainTest() {
        accelerator.start();
        DynamoDbClient dynamoDb = local.dynamoDb();
        dynamoDb.putItem(r -> r.tableName(table).item(FleetSettingsItem.toItem(SETTINGS, Instant.EPOCH)));
        dynamoDb.putItem(r -> r.tableName(table).item(NodeApprovalItem.toItem(approval(DRAINED, 1, true))));
        dynamoDb.putItem(r -> r.tableName(table).item(NodeApprovalItem.toItem(approval(STANDBY, 2, false))));
        describeAnswers(Scenario.STARTED, 128);

        Telemetry telemetry = new Telemetry(new PrintStream(logs, true, StandardCharsets.UTF_8), Clock.systemUTC(),
                "failover", "wg-roam-drain");
        SdkClients moto = new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint());
        GlobalAcceleratorClient ga = new SdkClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")),
                URI.create("http://127.0.0.1:" + accelerator.port()))
                .build(GlobalAcceleratorClient.builder(), GlobalAcceleratorWeights.API_REGION);
        handler = new FailoverHandler(new FailoverEvents(fleet, Clock.systemUTC()), new FailoverFunction(EU,
                new DynamoFailoverStore(dynamoDb, table, e -> { throw e; }),
                new GlobalAcceleratorWeights(ga, 3, Duration.ofMillis(10), d -> { }).group(GROUP),
                new NodeAlarms(moto.build(CloudWatchClient.builder(), EU.name()), fleet, "wg-roam-drain"),
                new VpcRouteTables(moto.build(Ec2Client.builder(), EU.name()), fleet), SETTINGS.clientCidr(),
                new FailoverPlan(Duration.ofMinutes(5)), telemetry, Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        accelerator.stop();
    }

    static NodeApproval approval(NodeId node, int n, boolean primary) {
        return new NodeApproval(node, new NodeName("vpn-" + n), EU, List.of(Cidr.parse("10.1.0.0/16")),
                SampleFleet.key(0x40 + n), Cidr.parse("10.99.0." + n + "/32"), primary,
                NodeApproval.impliedBy(node).gaEndpointId(), Instant.EPOCH);
    }

    private static ResponseDefinitionBuilder answer(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    /** DescribeEndpointGroup, in scenario state {@code state}: the drained node's endpoint at {@code weight}, the standby's at 128. */
    private void describeAnswers(String state, int weight) {
        accelerator.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "DescribeEndpointGroup"))
                .inScenario("weights").whenScenarioStateIs(state)
                .willReturn(answer("{\"EndpointGroup\":{\"EndpointGroupArn\":\"" + GROUP + "\",\"EndpointDescriptions\":["
                        + endpoint(DRAINED, weight) + "," + endpoint(STANDBY, 128) + "]}}")));
    }

    /** UpdateEndpointGroup answers, and the scenario's describe shows the new weight of the drained node. */
    private void updateMovesTo(String fromState, String toState) {
        accelerator.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "UpdateEndpointGroup"))
                .inScenario("weights").whenScenarioStateIs(fromState)
                .willReturn(answer("{\"EndpointGroup\":{\"EndpointGroupArn\":\"" + GROUP + "\"}}"))
                .willSetStateTo(toState));
    }

    private static String endpoint(NodeId node, int weight) {
        return "{\"EndpointId\":\"" + node.shortForm() + "\",\"Weight\":" + weight + ",\"ClientIPPreservationEnabled\":true}";
    }

    private static String updateBody(int drainedWeight) {
        return "{\"EndpointGroupArn\":\"" + GROUP + "\",\"EndpointConfigurations\":[" + endpoint(DRAINED, drainedWeight)
                + "," + endpoint(STANDBY, 128) + "]}";
    }

    static ScheduledEvent sample(String name) {
        try (InputStream in = Files.newInputStream(Path.of("..", "events", name))) {
            return EVENTS.fromJson(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read events/" + name, e);
        }
    }

    /** The drain sample with another detail, as a principal on the operator bus could send it. */
    static ScheduledEvent drainWith(Map<String, Object> detail) {
        ScheduledEvent event = sample("failover-operator-drain.json");
        event.setDetail(detail);
        return event;
    }

    NodeStatus status() {
        var item = local.dynamoDb().getItem(r -> r.tableName(table).key(NodeStatusItem.key(DRAINED)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : NodeStatusItem.fromItem(item);
    }

    /** The metric's total over the EMF lines logged so far. */
    int metric(String name) {
        return logs.toString(StandardCharsets.UTF_8).lines().map(line -> JsonNode.parser().parse(line))
                .filter(line -> line.field("_aws").isPresent() && line.field(name).isPresent())
                .mapToInt(line -> Integer.parseInt(line.field(name).get().asNumber())).sum();
    }

    void assertRefusedBeforeAnySideEffect() {
        accelerator.verify(0, anyRequestedFor(anyUrl()));
        assertNull(status(), "no status item written");
        assertEquals(1, metric(FailoverFunction.REFUSED_OPERATOR_ACTIONS));
        assertEquals(0, metric(FailoverFunction.FAILOVERS));
    }

    @Test
    void theSampleWithANewlineInTheReason_callsNothing_writesNothing_andIsCounted() {
        handler.handleRequest(sample("failover-operator-newline.json"), null);

        assertRefusedBeforeAnySideEffect();
        assertEquals(1, logs.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"level\":\"ERROR\"")).count(),
                "logged once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernel update\nstate=ACTIVE", "tab\there", "carriage\rreturn", "line\u2028separator",
            "   ", "nul\u0000byte"})
    void aReasonThatIsNotOneLineOfText_isRefusedBeforeAnySideEffect(String reason) {
        handler.handleRequest(drainWith(Map.of("node", DRAINED.value(), "action", "drain", "reason", reason)), null);

        assertRefusedBeforeAnySideEffect();
    }

    @Test
    void aReasonTooLongForTheStatusItem_orNotText_isRefusedBeforeAnySideEffect() {
        handler.handleRequest(drainWith(Map.of("node", DRAINED.value(), "action", "drain",
                "reason", "x".repeat(OperatorAction.MAX_REASON_CHARS + 1))), null);
        Map<String, Object> notText = new HashMap<>(Map.of("node", DRAINED.value(), "action", "drain"));
        notText.put("reason", List.of("kernel", "update"));
        handler.handleRequest(drainWith(notText), null);

        accelerator.verify(0, anyRequestedFor(anyUrl()));
        assertNull(status());
        assertEquals(2, metric(FailoverFunction.REFUSED_OPERATOR_ACTIONS));
    }

    @Test
    void aValidDrain_stillDrains_andItsUndrainRestoresTheWeight() {
        updateMovesTo(Scenario.STARTED, "drained");
        describeAnswers("drained", 0);
        updateMovesTo("drained", "restored");
        describeAnswers("restored", 128);

        handler.handleRequest(sample("failover-operator-drain.json"), null);

        accelerator.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "UpdateEndpointGroup"))
                .withRequestBody(equalToJson(updateBody(0))));
        NodeStatus drained = status();
        assertEquals(NodeState.DRAINED, drained.state());
        assertEquals("operator: kernel update", drained.reason());
        assertEquals(128, drained.restoreWeight());
        assertEquals(1, metric(FailoverFunction.FAILOVERS));
        assertEquals(0, metric(FailoverFunction.REFUSED_OPERATOR_ACTIONS));

        handler.handleRequest(drainWith(Map.of("node", DRAINED.value(), "action", "undrain", "reason", "kernel updated")), null);

        accelerator.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "UpdateEndpointGroup"))
                .withRequestBody(equalToJson(updateBody(128))));
        assertEquals(NodeState.ACTIVE, status().state());
        assertTrue(status().reason().startsWith("operator: "), status().reason());
    }

    /**
     * The standby's credentials write a record claiming the primary's endpoint and region, then the
     * standby's own heartbeat alarm fires: the function drains the endpoint the approval names, the
     * standby's, and leaves the primary's at its weight.
     */
    @Test
    void aNodeRecordClaimingAnotherNodesEndpoint_cannotMakeAnAlarmDrainThatNode() {
        Map<String, AttributeValue> forged = new HashMap<>(NodeRecordItem.toItem(new NodeRecord(STANDBY, SampleFleet.key(0x42),
                Cidr.parse("10.99.0.2/32"), Endpoint.parse("203.0.113.2:51820"), Instant.now(), "0.1.0", AppliedRoutes.NONE)));
        forged.put("gaEndpointId", AttributeValue.fromS(DRAINED.shortForm()));
        forged.put("region", AttributeValue.fromS(EU.name()));
        local.dynamoDb().putItem(r -> r.tableName(table).item(forged));
        updateMovesTo(Scenario.STARTED, "standby drained");
        ScheduledEvent alarm = sample("failover-alarm.json");
        Map<String, Object> detail = new HashMap<>(alarm.getDetail());
        detail.put("alarmName", "wg-roam/" + fleet + "/heartbeat/" + STANDBY);
        alarm.setDetail(detail);

        handler.handleRequest(alarm, null);

        accelerator.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "UpdateEndpointGroup"))
                .withRequestBody(equalToJson("{\"EndpointGroupArn\":\"" + GROUP + "\",\"EndpointConfigurations\":["
                        + endpoint(DRAINED, 128) + "," + endpoint(STANDBY, 0) + "]}")));
        assertNull(status(), "the primary keeps no status of another's failure");
        assertEquals(1, metric(FailoverFunction.FAILOVERS));
    }
}
