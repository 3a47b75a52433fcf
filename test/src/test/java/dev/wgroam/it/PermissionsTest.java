package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.aws.accelerator.EndpointGroup;
import dev.wgroam.aws.accelerator.EndpointWeight;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.aws.Permissions;
import dev.wgroam.functions.failover.AlarmState;
import dev.wgroam.functions.failover.DynamoFailoverStore;
import dev.wgroam.functions.failover.FailoverEvent;
import dev.wgroam.functions.failover.FailoverFunction;
import dev.wgroam.functions.failover.FailoverPlan;
import dev.wgroam.functions.failover.NodeAlarms;
import dev.wgroam.functions.failover.VpcRouteTables;
import dev.wgroam.functions.ownership.DynamoOwnershipStore;
import dev.wgroam.functions.ownership.OwnershipFunction;
import dev.wgroam.functions.ownership.SsmCommandSender;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.local.DynamoDbLocal;
import dev.wgroam.local.stream.StreamTail;
import dev.wgroam.ownership.Observation;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.wireguard.Endpoint;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The operations the functions really make, against the emulators, are all in {@link Permissions}. */
class PermissionsTest {

    final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    final String table = dynamo.createTable("permissions").tableName();
    final OperationRecorder recorder = new OperationRecorder();
    final Telemetry quiet = new Telemetry(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC(), "f", "wg-roam");

    private DynamoDbClient recordedDynamoDb() {
        return new SdkClients(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                DynamoDbLocal.ACCESS_KEY_ID, DynamoDbLocal.SECRET_ACCESS_KEY)), dynamo.endpoint(), SdkClients.DEFAULT, List.of(recorder))
                .build(DynamoDbClient.builder(), "eu-west-1");
    }

    private SdkClients recordedMoto() {
        return new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint(), SdkClients.DEFAULT, List.of(recorder));
    }

    private static void assertWithin(Set<String> allowed, Set<String> made) {
        Set<String> extra = new TreeSet<>(made);
        extra.removeAll(allowed);
        assertTrue(extra.isEmpty(), "operations the policy does not allow: " + extra + " (made: " + made + ")");
        assertTrue(!made.isEmpty());
    }

    private void put(java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(item));
    }

    @Test
    void ownershipFunction_callsOnlyWhatItsPolicyAllows() {
        NodeApproval approval = NodeAlarmsMotoTest.approval("i-0ddddddddddddddd4");
        RegisteredClient client = new RegisteredClient(OwnershipStreamTest.client(1), Cidr.parse("10.50.0.1/32"),
                new ClientName("client-1"), Instant.EPOCH);
        put(FleetSettingsItem.toItem(FailoverStoreDynamoTest.SETTINGS, Instant.EPOCH));
        put(NodeApprovalItem.toItem(approval));
        put(RegisteredClientItem.toItem(client));
        String streamArn = dynamo.dynamoDb().describeTable(r -> r.tableName(table)).table().latestStreamArn();
        StreamTail tail = new StreamTail(dynamo.streams(), streamArn);
        SdkClients moto = recordedMoto();
        OwnershipFunction function = new OwnershipFunction(new DynamoOwnershipStore(recordedDynamoDb(), table, e -> { }),
                new SsmCommandSender(new SsmCommandSender.Settings("doc", "wg-roam:fleet", "f", 60, "100%", "100%"),
                        region -> moto.build(SsmClient.builder(), region.name())),
                quiet, Clock.systemUTC(), Duration.ofSeconds(5), RouteUpdate.DEFAULT_MAX_CHARS);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        put(ObservationItem.toItem(new Observation(approval.node(), client.key(), now.minusSeconds(10),
                Endpoint.parse("198.51.100.7:51820"), 1, 2, now)));
        put(NodeStatusItem.toItem(new NodeStatus(approval.node(), approval.name(), approval.region(), NodeState.ACTIVE,
                "", now, 128, 128)));

        function.handle(tail.next());
        dynamo.dynamoDb().deleteItem(r -> r.tableName(table).key(RegisteredClientItem.key(client.key())));
        function.handle(tail.next());

        assertWithin(Permissions.OWNERSHIP, recorder.actions);
        assertTrue(recorder.actions.contains("dynamodb:DeleteItem"), "the removed client's owner: " + recorder.actions);
        assertTrue(recorder.actions.contains("dynamodb:BatchGetItem") && recorder.actions.contains("ssm:SendCommand"),
                recorder.actions.toString());
    }

    @Test
    void failoverFunction_callsOnlyWhatItsPolicyAllows() {
        NodeApproval approval = NodeAlarmsMotoTest.approval("i-0eeeeeeeeeeeeeee5");
        NodeApproval standby = NodeAlarmsMotoTest.approval("i-0fffffffffffffff6");
        put(FleetSettingsItem.toItem(FailoverStoreDynamoTest.SETTINGS, Instant.EPOCH));
        put(NodeApprovalItem.toItem(approval));
        put(NodeApprovalItem.toItem(standby));
        SdkClients moto = recordedMoto();
        NodeAlarms alarms = new NodeAlarms(moto.build(CloudWatchClient.builder(), "eu-west-1"), "perm-" + System.nanoTime(),
                "wg-roam");
        VpcRouteTables routes = new VpcRouteTables(moto.build(Ec2Client.builder(), "eu-west-1"), "perm");
        List<EndpointWeight> weights = new ArrayList<>(List.of(new EndpointWeight(approval.gaEndpointId(), 128, true),
                new EndpointWeight(standby.gaEndpointId(), 128, true)));
        // Global Accelerator has no emulator; its two operations are checked by GlobalAcceleratorWeightsTest.
        EndpointGroup group = new EndpointGroup() {
            @Override
            public List<EndpointWeight> describe() {
                recorder.actions.add("globalaccelerator:DescribeEndpointGroup");
                return List.copyOf(weights);
            }

            @Override
            public void update(List<EndpointWeight> next) {
                recorder.actions.add("globalaccelerator:UpdateEndpointGroup");
                weights.clear();
                weights.addAll(next);
            }
        };
        FailoverFunction function = new FailoverFunction(new Region("eu-west-1"),
                new DynamoFailoverStore(recordedDynamoDb(), table, e -> { }), group, alarms,
                routes, Cidr.parse("10.50.0.0/16"),
                new FailoverPlan(Duration.ofMinutes(5)), quiet, Clock.systemUTC());

        NodeApproval retired = NodeAlarmsMotoTest.approval("i-0aaaaaaaaaaaaaaa7");
        put(NodeStatusItem.toItem(new NodeStatus(retired.node(), retired.name(), retired.region(), NodeState.DRAINED,
                "operator: retiring", Instant.now(), 128, 0)));

        function.sweep();
        function.onAlarm(new FailoverEvent.AlarmStateChange(alarms.prefix() + "heartbeat/" + approval.node(),
                AlarmState.ALARM, AlarmState.OK, Instant.now()));

        assertWithin(Permissions.FAILOVER, recorder.actions);
        assertTrue(recorder.actions.contains("cloudwatch:PutMetricAlarm") && recorder.actions.contains("dynamodb:PutItem")
                && recorder.actions.contains("dynamodb:DeleteItem"), recorder.actions.toString());
    }
}
