package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeMetrics;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.failover.NodeAlarms;
import dev.wgroam.it.PolicySimulator.Decision;
import dev.wgroam.it.PolicySimulator.Request;
import dev.wgroam.operator.OperatorAction;
import dev.wgroam.ownership.Observation;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a principal holding a node's, a function's or an operator's credentials may do, asked of
 * the template's own policies (evaluated for real parameter values) through {@link PolicySimulator}:
 * every forged write issue 13 lists is denied by IAM before any reader has to refuse it, and every
 * write the code really makes is allowed. Request contexts are the keys AWS documents for each
 * action: {@code dynamodb:LeadingKeys} (the items' partition keys), {@code dynamodb:Attributes}
 * (for PutItem, the item's attribute names), {@code cloudwatch:namespace},
 * {@code ec2:SourceInstanceARN} (the instance the role's credentials were issued to) and
 * {@code aws:PrincipalTag/...}.
 */
class ForgedPermissionsTest {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String TABLE = "wg-roam";
    static final String FLEET = "wg-roam";
    static final String NAMESPACE = "wg-roam";
    static final String TABLE_ARN = "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + TABLE;
    static final String INDEX_ARN = TABLE_ARN + "/index/" + TableSchema.LIST_INDEX;
    static final NodeId A = new NodeId("arn:aws:ec2:eu-west-1:" + ACCOUNT + ":instance/i-0aaaaaaaaaaaaaaa1");
    static final NodeId B = new NodeId("arn:aws:ec2:eu-west-1:" + ACCOUNT + ":instance/i-0bbbbbbbbbbbbbbb2");
    static final PeerKey CLIENT = SampleFleet.key(0x11);

    static final Map<String, String> NODE_REGION_STACK = Map.of("StackRole", "node-region", "AWS::Region", REGION,
            "AWS::AccountId", ACCOUNT, "AWS::Partition", "aws", "TableName", TABLE, "FleetName", FLEET,
            "MetricNamespace", NAMESPACE);
    static final Map<String, String> HOME_STACK = withRole("home");

    static Map<String, String> withRole(String role) {
        Map<String, String> parameters = new HashMap<>(NODE_REGION_STACK);
        parameters.put("StackRole", role);
        return parameters;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(String logicalId, Map<String, String> parameters) {
        return (Map<String, Object>) Template.evaluate(Template.resource(logicalId).get("Properties"), parameters);
    }

    /** The statements of every inline policy of an IAM role. */
    @SuppressWarnings("unchecked")
    static PolicySimulator role(String logicalId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<Object>) properties(logicalId, NODE_REGION_STACK).get("Policies")) {
            statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) policy)
                    .get("PolicyDocument")).get("Statement"));
        }
        return new PolicySimulator(statements);
    }

    /** The statements of a SAM function's Policies (inline statement lists). */
    @SuppressWarnings("unchecked")
    static PolicySimulator function(String logicalId, Map<String, String> parameters) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<Object>) properties(logicalId, parameters).get("Policies")) {
            statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) policy).get("Statement"));
        }
        return new PolicySimulator(statements);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> operatorPolicyStatements() {
        return (List<Map<String, Object>>) ((Map<String, Object>) properties("OperatorPolicy", HOME_STACK)
                .get("PolicyDocument")).get("Statement");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> operatorBusPolicyStatements() {
        return (List<Map<String, Object>>) ((Map<String, Object>) properties("OperatorBus", NODE_REGION_STACK)
                .get("Policy")).get("Statement");
    }

    static final PolicySimulator NODE_ROLE = role("NodeRole");

    /** A request made with node {@code self}'s instance credentials. */
    static Request asNode(NodeId self, String action, String resource, Map<String, List<String>> context) {
        Map<String, List<String>> full = new HashMap<>(context);
        full.put("ec2:SourceInstanceARN", List.of(self.value()));
        return new Request(action, resource, full);
    }

    /** A PutItem of {@code item}: its partition key as dynamodb:LeadingKeys, its attribute names as dynamodb:Attributes. */
    static Map<String, List<String>> putContext(Map<String, AttributeValue> item) {
        return Map.of("dynamodb:LeadingKeys", List.of(item.get(TableSchema.PARTITION_KEY).s()),
                "dynamodb:Attributes", List.copyOf(new TreeSet<>(item.keySet())));
    }

    static Map<String, List<String>> keys(String... partitionKeys) {
        return Map.of("dynamodb:LeadingKeys", List.of(partitionKeys));
    }

    static NodeRecord record(NodeId node) {
        return new NodeRecord(node, SampleFleet.key(0x41), Cidr.parse("10.99.0.1/32"), Endpoint.parse("203.0.113.1:51820"),
                Instant.parse("2026-11-24T12:00:00Z"), "0.1.0", new AppliedRoutes(2, 9, Instant.parse("2026-11-24T11:59:00Z")));
    }

    static Map<String, AttributeValue> observation(NodeId node) {
        Instant t = Instant.parse("2026-11-24T12:00:00Z");
        return ObservationItem.toItem(new Observation(node, CLIENT, t, Endpoint.parse("198.51.100.7:51820"), 1, 2, t));
    }

    static Request putMetricData(NodeId self, String namespace) {
        return asNode(self, "cloudwatch:PutMetricData", "*", Map.of("cloudwatch:namespace", List.of(namespace)));
    }

    // ---- node role: what a node may write and read ----

    @Test
    void nodeRole_writesItsOwnRecordAndObservations_exactlyAsTheCodecsWriteThem() {
        Map<String, AttributeValue> record = NodeRecordItem.toItem(record(A));
        Map<String, AttributeValue> observation = observation(A);

        assertEquals(Decision.ALLOWED, NODE_ROLE.decide(asNode(A, "dynamodb:PutItem", TABLE_ARN, putContext(record))));
        assertEquals(Decision.ALLOWED, NODE_ROLE.decide(asNode(A, "dynamodb:PutItem", TABLE_ARN, putContext(observation))));
        assertEquals(Decision.ALLOWED, NODE_ROLE.decide(asNode(A, "dynamodb:DeleteItem", TABLE_ARN,
                keys(observation.get(TableSchema.PARTITION_KEY).s()))));
    }

    @ParameterizedTest
    @ValueSource(strings = {TableSchema.LIST_KEY, TableSchema.LIST_SORT, "vpcPrefixes", "region", "gaEndpointId", "primary"})
    void nodeRole_cannotPutAnItemOfItsOwnPartition_carryingAnAttributeNoNodeWrites(String attribute) {
        for (Map<String, AttributeValue> item : List.of(NodeRecordItem.toItem(record(A)), observation(A))) {
            Map<String, AttributeValue> forged = new HashMap<>(item);
            forged.put(attribute, AttributeValue.fromS(TableSchema.OWNERS));

            assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, "dynamodb:PutItem", TABLE_ARN, putContext(forged))),
                    attribute + " on " + item.get(TableSchema.SORT_KEY).s());
        }
    }

    @Test
    void nodeRole_cannotWriteAnotherNodesPartition_norAnyoneElsesItems() {
        Map<String, AttributeValue> othersRecord = NodeRecordItem.toItem(record(B));

        assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, "dynamodb:PutItem", TABLE_ARN, putContext(othersRecord))));
        assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, "dynamodb:DeleteItem", TABLE_ARN,
                keys("node#" + B))));
        for (String partition : List.of("owner#client#" + CLIENT.base64(), "status#" + A, "approval#" + A, "fleet",
                "client#" + CLIENT.base64(), "address#10.50.0.17/32", "clientname#client-17")) {
            assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, "dynamodb:PutItem", TABLE_ARN,
                    Map.of("dynamodb:LeadingKeys", List.of(partition), "dynamodb:Attributes", List.of("pk", "sk", "kind")))),
                    partition);
        }
    }

    @Test
    void nodeRole_cannotUpdateItems_evenItsOwn() {
        for (String action : List.of("dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLUpdate",
                "dynamodb:PartiQLInsert")) {
            assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, action, TABLE_ARN, keys("node#" + A))), action);
        }
    }

    @Test
    void nodeRole_readsTheFleetSettingsNodeRecordsAndItsOwnStatusByKey_andTheListsIndex_andNothingElse() {
        assertEquals(Decision.ALLOWED, NODE_ROLE.decide(asNode(A, "dynamodb:GetItem", TABLE_ARN, keys("fleet"))));
        assertEquals(Decision.ALLOWED, NODE_ROLE.decide(asNode(A, "dynamodb:BatchGetItem", TABLE_ARN,
                keys("node#" + A, "node#" + B))));
        assertEquals(Decision.ALLOWED, NODE_ROLE.decide(asNode(A, "dynamodb:Query", INDEX_ARN,
                Map.of("dynamodb:LeadingKeys", List.of(TableSchema.OWNERS)))));

        assertEquals(Decision.ALLOWED, NODE_ROLE.decide(asNode(A, "dynamodb:GetItem", TABLE_ARN, keys("status#" + A))),
                "its own status: drained, it sends its clients away");

        for (String partition : List.of("approval#" + B, "owner#client#" + CLIENT.base64(), "client#" + CLIENT.base64(),
                "status#" + B)) {
            assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, "dynamodb:GetItem", TABLE_ARN, keys(partition))),
                    partition);
        }
        assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, "dynamodb:Query", TABLE_ARN, keys("node#" + B))),
                "no query of the base table: a node's partition is read by key only");
        assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, "dynamodb:Scan", TABLE_ARN, Map.of())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetDocument",
            "ssm:PutParameter"})
    void nodeRole_cannotReadAnyParameter(String action) {
        for (String parameter : List.of("arn:aws:ssm:eu-west-1:" + ACCOUNT + ":parameter/prod/database/password",
                "arn:aws:ssm:eu-west-1:" + ACCOUNT + ":parameter/wg-roam/anything")) {
            assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, action, parameter, Map.of())), parameter);
        }
    }

    @Test
    void nodeRole_putsMetricsIntoItsOwnNamespaceOnly() {
        assertEquals(Decision.ALLOWED, NODE_ROLE.decide(putMetricData(A, NodeMetrics.namespace(NAMESPACE, A))));
        assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(putMetricData(A, NodeMetrics.namespace(NAMESPACE, B))));
        assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(putMetricData(A, NAMESPACE)), "the fleet's namespace");
        assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(putMetricData(A, NodeMetrics.namespace(NAMESPACE, A) + "/x")));
        assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, "cloudwatch:PutMetricData", "*", Map.of())),
                "a request without a namespace");
    }

    /**
     * Issue 13: "one node cannot keep a dead node alive or kill a live one". B's heartbeat alarm, as
     * NodeAlarms creates it (on moto's CloudWatch), watches B's own namespace; of the fleet's nodes
     * only B's credentials may put data there, so A can neither feed it (keep dead B alive) nor
     * starve it (B's own beats still land) — and A cannot touch the alarm itself, nor B's status
     * or record, which would be the other ways to kill it.
     */
    @Test
    void oneNodeCannotKeepADeadNodeAlive_norKillALiveOne() {
        CloudWatchClient cloudWatch = new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint())
                .build(CloudWatchClient.builder(), REGION);
        NodeAlarms alarms = new NodeAlarms(cloudWatch, "fleet-" + UUID.randomUUID(), NAMESPACE);
        List<NodeId> fleet = List.of(A, B);
        alarms.sync(fleet.stream().map(ForgedPermissionsTest::approval).toList());

        for (NodeId watched : fleet) {
            MetricAlarm heartbeat = alarms.existing().stream()
                    .filter(m -> m.alarmName().equals(alarms.prefix() + "heartbeat/" + watched)).findFirst().orElseThrow();
            for (NodeId writer : fleet) {
                Decision decision = NODE_ROLE.decide(putMetricData(writer, heartbeat.namespace()));
                assertEquals(writer.equals(watched) ? Decision.ALLOWED : Decision.IMPLICIT_DENY, decision,
                        writer.shortForm() + " putting into the namespace " + watched.shortForm() + "'s alarm watches");
            }
        }
        for (String action : List.of("cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:SetAlarmState",
                "cloudwatch:DisableAlarmActions")) {
            assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, action, "arn:aws:cloudwatch:eu-west-1:"
                    + ACCOUNT + ":alarm:" + alarms.prefix() + "heartbeat/" + B, Map.of())), action);
        }
        assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, "dynamodb:PutItem", TABLE_ARN,
                Map.of("dynamodb:LeadingKeys", List.of("status#" + B), "dynamodb:Attributes", List.of("pk")))));
        assertEquals(Decision.IMPLICIT_DENY, NODE_ROLE.decide(asNode(A, "dynamodb:PutItem", TABLE_ARN,
                putContext(NodeRecordItem.toItem(record(B))))));
    }

    static NodeApproval approval(NodeId node) {
        NodeApproval.Implied implied = NodeApproval.impliedBy(node);
        int n = node.equals(A) ? 1 : 2;
        return new NodeApproval(node, new NodeName("vpn-" + n), new Region(implied.region()), List.of(),
                SampleFleet.key(0x40 + n), Cidr.parse("10.99.0." + n + "/32"), n == 1, implied.gaEndpointId(), Instant.EPOCH);
    }

    // ---- functions and operators: who writes the registry ----

    static final List<String> REGISTRY_PARTITIONS = List.of("fleet", "approval#" + A, "client#" + CLIENT.base64(),
            "address#10.50.0.17/32", "clientname#client-17");

    static Request write(String action, String partition) {
        return new Request(action, TABLE_ARN, Map.of("dynamodb:LeadingKeys", List.of(partition),
                "dynamodb:Attributes", List.of("pk", "sk", "kind")));
    }

    @Test
    void theFunctions_cannotWriteTheRegistry_eachWritesOnlyItsOwnKind() {
        PolicySimulator ownership = function("OwnershipFunction", HOME_STACK);
        PolicySimulator failover = function("FailoverFunction", NODE_REGION_STACK);

        for (String partition : REGISTRY_PARTITIONS) {
            for (String action : List.of("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem")) {
                assertEquals(Decision.IMPLICIT_DENY, ownership.decide(write(action, partition)), "ownership " + action + " " + partition);
                assertEquals(Decision.IMPLICIT_DENY, failover.decide(write(action, partition)), "failover " + action + " " + partition);
            }
        }
        assertEquals(Decision.ALLOWED, ownership.decide(write("dynamodb:PutItem", "owner#client#" + CLIENT.base64())));
        assertEquals(Decision.ALLOWED, ownership.decide(write("dynamodb:DeleteItem", "owner#client#" + CLIENT.base64())));
        assertEquals(Decision.ALLOWED, ownership.decide(write("dynamodb:ConditionCheckItem", "client#" + CLIENT.base64())),
                "the forget transaction checks the client item is gone");
        assertEquals(Decision.IMPLICIT_DENY, ownership.decide(write("dynamodb:ConditionCheckItem", "node#" + A)));
        assertEquals(Decision.IMPLICIT_DENY, ownership.decide(write("dynamodb:PutItem", "status#" + A)));
        assertEquals(Decision.ALLOWED, failover.decide(write("dynamodb:PutItem", "status#" + A)));
        assertEquals(Decision.ALLOWED, failover.decide(write("dynamodb:DeleteItem", "status#" + A)), "a retired node's status");
        assertEquals(Decision.IMPLICIT_DENY, failover.decide(write("dynamodb:PutItem", "owner#vpc#10.1.0.0/16")));
    }

    @Test
    void theOperatorPolicy_writesTheRegistry_butNoOwnerStatusOrNodeItem() {
        PolicySimulator operator = new PolicySimulator(operatorPolicyStatements());

        for (String partition : REGISTRY_PARTITIONS) {
            for (String action : List.of("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem")) {
                assertEquals(Decision.ALLOWED, operator.decide(write(action, partition)), action + " " + partition);
            }
        }
        for (String partition : List.of("owner#client#" + CLIENT.base64(), "owner#vpc#10.1.0.0/16", "status#" + A, "node#" + A)) {
            for (String action : List.of("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem")) {
                assertEquals(Decision.IMPLICIT_DENY, operator.decide(write(action, partition)), action + " " + partition);
            }
        }
        assertEquals(Decision.IMPLICIT_DENY, operator.decide(new Request("dynamodb:PutItem", TABLE_ARN,
                Map.of("dynamodb:LeadingKeys", List.of("approval#" + A, "owner#client#" + CLIENT.base64())))),
                "a request whose keys reach one owner item is refused whole");
    }

    // ---- the operator bus ----

    static final String OPERATOR_BUS_ARN = "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/"
            + OperatorAction.busName(FLEET);

    /** A principal's identity statements beside the bus's resource policy, as IAM evaluates a same-account request. */
    static PolicySimulator withBusPolicy(List<Map<String, Object>> identity) {
        List<Map<String, Object>> statements = new ArrayList<>(identity);
        statements.addAll(operatorBusPolicyStatements());
        return new PolicySimulator(statements);
    }

    static Request putEvents(Map<String, List<String>> principalTags) {
        return new Request("events:PutEvents", OPERATOR_BUS_ARN, principalTags);
    }

    @Test
    void theOperatorBus_deniesEveryPrincipalWithoutTheOperatorTag_whateverItsIdentityPolicyAllows() {
        PolicySimulator allowsEverything = withBusPolicy(List.of(Map.of("Effect", "Allow", "Action", "events:*", "Resource", "*")));
        PolicySimulator operator = withBusPolicy(operatorPolicyStatements());
        Map<String, List<String>> tagged = Map.of("aws:PrincipalTag/wg-roam:operator", List.of(FLEET));

        assertEquals(Decision.EXPLICIT_DENY, allowsEverything.decide(putEvents(Map.of())), "no tag at all");
        assertEquals(Decision.EXPLICIT_DENY, allowsEverything.decide(putEvents(
                Map.of("aws:PrincipalTag/wg-roam:operator", List.of("another-fleet")))), "another fleet's operator");
        assertEquals(Decision.EXPLICIT_DENY, operator.decide(putEvents(Map.of())), "the operator policy without the tag");
        assertEquals(Decision.ALLOWED, operator.decide(putEvents(tagged)), "a tagged operator with the operator policy");
        assertEquals(Decision.IMPLICIT_DENY, withBusPolicy(List.of()).decide(putEvents(tagged)),
                "the tag alone grants nothing");
        assertEquals(Decision.IMPLICIT_DENY, new PolicySimulator(operatorPolicyStatements()).decide(new Request(
                "events:PutEvents", "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/default", tagged)),
                "the operator policy reaches no other bus");
    }

    @Test
    void theNodeRole_cannotPutEvents_onAnyBus() {
        assertFalse(NODE_ROLE.allows(asNode(A, "events:PutEvents", OPERATOR_BUS_ARN, Map.of())));
        assertFalse(NODE_ROLE.allows(asNode(A, "events:PutEvents", "arn:aws:events:" + REGION + ":" + ACCOUNT
                + ":event-bus/default", Map.of())));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOperatorActionRule_isOnTheOperatorBus_andNoRuleOnTheDefaultBusMatchesAnOperatorEvent() {
        Map<String, Object> resources = (Map<String, Object>) Template.load().get("Resources");
        Map<String, Object> bus = properties("OperatorBus", NODE_REGION_STACK);
        assertEquals(OperatorAction.busName(FLEET), bus.get("Name"));
        List<String> matching = new ArrayList<>();
        List<String> onOperatorBus = new ArrayList<>();
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            Map<String, Object> definition = (Map<String, Object>) resource.getValue();
            Map<String, Object> props = (Map<String, Object>) definition.getOrDefault("Properties", Map.of());
            List<Map<String, Object>> rules = new ArrayList<>();
            if ("AWS::Events::Rule".equals(definition.get("Type"))) {
                rules.add(props);
            }
            if ("AWS::Serverless::Function".equals(definition.get("Type"))) {
                ((Map<String, Object>) props.getOrDefault("Events", Map.of())).values().stream()
                        .map(e -> (Map<String, Object>) e)
                        .filter(e -> List.of("EventBridgeRule", "CloudWatchEvent").contains(e.get("Type")))
                        .forEach(e -> rules.add((Map<String, Object>) e.get("Properties")));
            }
            for (Map<String, Object> rule : rules) {
                Object busName = rule.get("EventBusName");
                boolean defaultBus = busName == null || "default".equals(busName);
                boolean matches = matchesOperatorEvent((Map<String, Object>) rule.get("Pattern")
                        != null ? (Map<String, Object>) rule.get("Pattern") : (Map<String, Object>) rule.get("EventPattern"));
                if (defaultBus && matches) {
                    matching.add(resource.getKey());
                }
                if (Map.of("Ref", "OperatorBus").equals(busName) && matches) {
                    onOperatorBus.add(resource.getKey());
                }
            }
        }

        assertEquals(List.of(), matching, "rules on the default bus that an operator event would trigger");
        assertEquals(List.of("FailoverFunction"), onOperatorBus);
    }

    /** An EventBridge pattern's verdict on the CLI's event: source and detail-type as lists of exact values; absent matches all. */
    @SuppressWarnings("unchecked")
    static boolean matchesOperatorEvent(Map<String, Object> pattern) {
        if (pattern == null) {
            return false;
        }
        Map<String, String> event = Map.of("source", OperatorAction.SOURCE, "detail-type", OperatorAction.DETAIL_TYPE);
        for (Map.Entry<String, String> field : event.entrySet()) {
            Object wanted = pattern.get(field.getKey());
            if (wanted != null && !((List<Object>) wanted).contains(field.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The node role's writable attributes, as the template lists them, are exactly core's list. */
    @Test
    @SuppressWarnings("unchecked")
    void theNodeRolesAttributeList_isCoresList() {
        Map<String, Object> statement = ((List<Map<String, Object>>) ((Map<String, Object>) ((List<Map<String, Object>>)
                properties("NodeRole", NODE_REGION_STACK).get("Policies")).get(0).get("PolicyDocument")).get("Statement"))
                .stream().filter(s -> "WriteOwnPartitionAndNodeAttributesOnly".equals(s.get("Sid"))).findFirst().orElseThrow();
        Map<String, Object> condition = (Map<String, Object>) ((Map<String, Object>) statement.get("Condition"))
                .get("ForAllValues:StringEquals");

        assertEquals(Set.copyOf(TableSchema.NODE_WRITTEN_ATTRIBUTES), Set.copyOf((List<String>) condition.get("dynamodb:Attributes")));
        assertTrue(new TreeSet<>(TableSchema.NODE_WRITTEN_ATTRIBUTES).containsAll(NodeRecordItem.toItem(record(A)).keySet()));
        assertTrue(new TreeSet<>(TableSchema.NODE_WRITTEN_ATTRIBUTES).containsAll(observation(A).keySet()));
    }
}
