package dev.wgroam.functions.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.wgroam.aws.accelerator.EndpointWeight;
import dev.wgroam.operator.OperatorAction;
import dev.wgroam.testing.MovableClock;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.testing.EmfLines;
import dev.wgroam.functions.testing.SampleRegistry;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.text.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The failover samples in events/, read by the Lambda runtime's deserializer and run through the handler. */
class FailoverEventSamplesTest {

    static final NodeId NODE = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890");
    static final String INSTANCE = "i-0a1b2c3d4e5f67890";
    static final NodeId IN_US = new NodeId("arn:aws:ec2:us-east-1:123456789012:instance/i-0c0c0c0c0c0c0c0c0");

    final MovableClock clock = new MovableClock(FailoverFunctionTest.T0);
    final FailoverFunctionTest.FakeGroup group = new FailoverFunctionTest.FakeGroup();
    final FailoverFunctionTest.FakeStore store = new FailoverFunctionTest.FakeStore();
    final List<String> routes = new ArrayList<>();
    final NodeAlarms names = new NodeAlarms(null, "wg-roam", "wg-roam");
    /** A sweep starts with syncing the alarms. */
    final AtomicInteger sweeps = new AtomicInteger();
    final Alarms alarms = new Alarms() {
        @Override
        public NodeId nodeOf(String alarmName) {
            return names.nodeOf(alarmName);
        }

        @Override
        public Instant okSince(NodeId node) {
            return Instant.parse("2026-11-24T12:00:00Z");
        }

        @Override
        public Optional<String> firing(NodeId node) {
            return Optional.empty();
        }

        @Override
        public void sync(List<NodeApproval> approvals) {
            sweeps.incrementAndGet();
        }
    };
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final FailoverHandler handler = new FailoverHandler(new FailoverEvents("wg-roam", clock),
            new FailoverFunction(FailoverFunctionTest.EU, store, group, alarms,
            (cidr, instance) -> {
                routes.add(instance);
                return 1;
            }, FailoverFunctionTest.CLIENTS, new FailoverPlan(Duration.ofMinutes(5)),
            new Telemetry(new PrintStream(log, true, StandardCharsets.UTF_8), clock, "failover", "wg-roam"), clock));

    FailoverEventSamplesTest() {
        store.approvals.add(SampleRegistry.approval(NODE, 1, "vpn-eu-west-1a", FailoverFunctionTest.EU, true,
                INSTANCE, List.of(FailoverFunctionTest.VPC)));
        store.approvals.add(FailoverFunctionTest.node("node-b", "i-b", false));
        store.approvals.add(SampleRegistry.approval(IN_US, 3, "vpn-us-east-1a", new Region("us-east-1"), true,
                "i-0c0c0c0c0c0c0c0c0", List.of()));
        group.weights = new ArrayList<>(List.of(new EndpointWeight(INSTANCE, 128, true),
                new EndpointWeight("i-b", 128, true), new EndpointWeight("i-0c0c0c0c0c0c0c0c0", 100, true)));
    }

    static ScheduledEvent read(String name) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("..", "events", name))) {
            return read(in);
        }
    }

    static ScheduledEvent read(InputStream in) {
        return LambdaEventSerializers.serializerFor(ScheduledEvent.class, FailoverEventSamplesTest.class.getClassLoader())
                .fromJson(in);
    }

    /** The EventBridge event an operator's action becomes: the CLI's source, detail type and detail. */
    static ScheduledEvent operatorEvent(OperatorAction action) {
        String json = "{\"version\":\"0\",\"id\":\"7e4f2a9c-0000-4000-8000-000000000001\","
                + "\"detail-type\":\"" + OperatorAction.DETAIL_TYPE + "\",\"source\":\"" + OperatorAction.SOURCE + "\","
                + "\"account\":\"123456789012\",\"time\":\"2026-11-24T12:00:00Z\",\"region\":\"eu-west-1\","
                + "\"resources\":[],\"detail\":" + Json.write(action.detail()) + "}";
        return read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** A composite alarm's state change differs only in its configuration (alarmRule, suppression): it acts the same. */
    @ParameterizedTest
    @ValueSource(strings = {"failover-alarm.json", "failover-composite-alarm.json"})
    void alarmOfTheFleet_metricOrComposite_drainsItsNode(String sample) throws IOException {
        handler.handleRequest(read(sample), null);

        assertDrainedAt(Instant.parse("2026-11-24T12:00:00Z"));
    }

    @Test
    void ok_changesNothing_theSweepRestoresAfterTheHoldDown() throws IOException {
        handler.handleRequest(read("failover-alarm.json"), null);
        handler.handleRequest(read("failover-ok.json"), null);
        assertEquals(0, group.weightOf(INSTANCE));

        clock.now = Instant.parse("2026-11-24T12:06:00Z");
        handler.handleRequest(read("failover-sweep.json"), null);

        assertEquals(128, group.weightOf(INSTANCE));
    }

    @Test
    void unknownNode_isIgnored() throws IOException {
        handler.handleRequest(read("failover-unknown-node.json"), null);

        assertEquals(0, group.updates);
        assertTrue(store.statuses.isEmpty());
    }

    @Test
    void operatorAction_asTheCliSendsIt_drainsAndUndrainsTheNode() {
        handler.handleRequest(operatorEvent(new OperatorAction(NODE, true, "kernel update")), null);

        assertEquals(0, group.weightOf(INSTANCE));
        assertEquals(NodeState.DRAINED, store.statuses.get(NODE).state());
        assertEquals("operator: kernel update", store.statuses.get(NODE).reason());

        handler.handleRequest(operatorEvent(new OperatorAction(NODE, false, "done")), null);

        assertEquals(128, group.weightOf(INSTANCE));
        assertEquals(NodeState.ACTIVE, store.statuses.get(NODE).state());
    }

    @Test
    void operatorDrainSample_drainsTheNode() throws IOException {
        handler.handleRequest(read("failover-operator-drain.json"), null);

        assertEquals(0, group.weightOf(INSTANCE));
        assertEquals("operator: kernel update", store.statuses.get(NODE).reason());
    }

    @Test
    void operatorDrainWithANewlineInTheReason_isRefusedBeforeAnyCall() throws IOException {
        handler.handleRequest(read("failover-operator-newline.json"), null);

        assertEquals(0, group.describes);
        assertEquals(0, group.updates);
        assertEquals(128, group.weightOf(INSTANCE));
        assertTrue(store.statuses.isEmpty());
        String log = this.log.toString(StandardCharsets.UTF_8);
        assertEquals(1, EmfLines.sum(log, FailoverFunction.REFUSED_OPERATOR_ACTIONS), log);
        assertTrue(log.contains("a reason is one line without control characters"), log);
    }

    @Test
    void operatorAction_otherThanDrainOrUndrain_isRefusedAndCounted() {
        ScheduledEvent event = operatorEvent(new OperatorAction(NODE, true, "x"));
        event.getDetail().put("action", "reboot");

        handler.handleRequest(event, null);

        assertEquals(0, group.updates);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("operator action must be drain or undrain, not 'reboot'"));
    }

    @Test
    void alarmOfANodeApprovedInAnotherRegion_isIgnored() throws IOException {
        handler.handleRequest(read("failover-other-region-node.json"), null);

        assertEquals(0, group.updates);
        assertEquals(100, group.weightOf("i-0c0c0c0c0c0c0c0c0"));
        assertTrue(store.statuses.isEmpty());
    }

    @Test
    void normalize_acceptsCloudWatchsTimestampFormat() {
        assertEquals(Instant.parse("2026-11-24T12:00:00Z"),
                Instant.parse(FailoverEvents.normalize("2026-11-24T12:00:00.000+0000")));
    }

    /** The node of the samples drained, FAILED since {@code since}, and the VPC's route at the standby. */
    private void assertDrainedAt(Instant since) {
        assertEquals(0, group.weightOf(INSTANCE));
        assertEquals(NodeState.FAILED, store.statuses.get(NODE).state());
        assertEquals(since, store.statuses.get(NODE).since());
        assertEquals(List.of("i-b"), routes);
    }

    private long ignored() {
        return EmfLines.sum(log.toString(StandardCharsets.UTF_8), FailoverFunction.IGNORED_EVENTS);
    }

    private void assertNothingDone() {
        assertEquals(0, group.updates, "no weight changed");
        assertTrue(store.statuses.isEmpty(), "no status written");
        assertTrue(routes.isEmpty(), "no route moved");
    }

    @Test
    void anomalyDetectionAlarmWithoutAStateTimestamp_actsAtTheEventsTime() throws IOException {
        clock.now = Instant.parse("2026-11-24T12:30:00Z");

        handler.handleRequest(read("failover-anomaly-alarm-no-timestamp.json"), null);

        assertDrainedAt(Instant.parse("2026-11-24T12:00:04Z"));
    }

    @Test
    void alarmStateChangeWithNoTimeAtAll_actsAtTheClocksTime() throws IOException {
        clock.now = Instant.parse("2026-11-24T12:30:00Z");
        ScheduledEvent event = read("failover-anomaly-alarm-no-timestamp.json");
        event.setTime(null);

        handler.handleRequest(event, null);

        assertEquals(clock.now, store.statuses.get(NODE).since());
    }

    /** Each of these is logged, counted once as ignored, and changes nothing: never a sweep, never an exception. */
    @ParameterizedTest
    @ValueSource(strings = {"failover-alarm-configuration-change.json", "failover-alarm-lambda-action.json",
            "failover-other-schedule.json", "failover-unknown-event.json", "failover-unknown-node.json"})
    void eventsOfAnyOtherShape_areCountedAndIgnored(String sample) throws IOException {
        handler.handleRequest(read(sample), null);

        assertNothingDone();
        assertEquals(0, group.describes, "not even a read of the endpoint group");
        assertEquals(1, ignored(), log.toString(StandardCharsets.UTF_8));
        assertEquals(0, sweeps.get(), "no sweep");
    }

    @Test
    void emptyAndHalfEmptyEvents_areCountedAndIgnored() {
        ScheduledEvent noDetail = new ScheduledEvent().withSource("aws.cloudwatch")
                .withDetailType("CloudWatch Alarm State Change");
        ScheduledEvent unknownState = new ScheduledEvent().withSource("aws.cloudwatch")
                .withDetailType("CloudWatch Alarm State Change")
                .withDetail(new HashMap<>(Map.of("alarmName", "wg-roam/wg-roam/heartbeat/" + NODE,
                        "state", Map.of("value", "MAYBE"))));
        ScheduledEvent scheduleWithoutResources = new ScheduledEvent().withSource("aws.events")
                .withDetailType("Scheduled Event");

        for (ScheduledEvent event : List.of(new ScheduledEvent(), noDetail, unknownState, scheduleWithoutResources)) {
            handler.handleRequest(event, null);
        }
        handler.handleRequest(null, null);

        assertNothingDone();
        assertEquals(5, ignored());
        assertEquals(0, sweeps.get());
    }

    @Test
    void onlyTheTemplatesSweepRule_sweeps() throws IOException {
        handler.handleRequest(read("failover-sweep.json"), null);

        assertEquals(1, sweeps.get());
        assertEquals(0, ignored());
    }
}
