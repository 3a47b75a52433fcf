package dev.wgroam.functions.failover;

import static dev.wgroam.functions.testing.TemplateYaml.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wgroam.functions.testing.TemplateYaml;
import dev.wgroam.operator.OperatorAction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How template.yaml delivers events to the failover function: operator actions only through the operator bus. */
class FailoverTemplateTest {

    final Map<String, Object> function = TemplateYaml.resource("FailoverFunction");

    @Test
    void operatorActionRule_sitsOnTheOperatorBus_andMatchesTheEventTheCliSends() {
        Map<String, Object> rule = at(function, "Properties", "Events", "OperatorActions", "Properties");

        assertEquals(Map.of("Ref", "OperatorBus"), rule.get("EventBusName"));
        assertEquals(List.of(OperatorAction.SOURCE), at(rule, "Pattern", "source"));
        assertEquals(List.of(OperatorAction.DETAIL_TYPE), at(rule, "Pattern", "detail-type"));
    }

    @Test
    void operatorBus_isNamedAsTheCliNamesIt() {
        assertEquals(Map.of("Fn::Sub", OperatorAction.busName("${FleetName}")),
                at(TemplateYaml.resource("OperatorBus"), "Properties", "Name"));
    }

    @Test
    void operatorBusPolicy_deniesPutEventsToEveryPrincipalWithoutTheOperatorTag() {
        List<Map<String, Object>> statements = at(TemplateYaml.resource("OperatorBus"), "Properties", "Policy", "Statement");

        Map<String, Object> deny = statements.stream().filter(s -> "Deny".equals(s.get("Effect"))).findFirst().orElseThrow();
        assertEquals("*", deny.get("Principal"));
        assertEquals("events:PutEvents", deny.get("Action"));
        assertEquals(Map.of("aws:PrincipalTag/wg-roam:operator", Map.of("Ref", "FleetName")),
                at(deny, "Condition", "StringNotEquals"));
    }

    @Test
    void sweepRule_isNamedAsTheFunctionExpectsTheScheduledEventsRule() {
        Map<String, Object> sweep = at(function, "Properties", "Events", "Sweep");

        assertEquals("Schedule", sweep.get("Type"));
        assertEquals(Map.of("Fn::Sub", FailoverEvents.sweepRuleName("${FleetName}")), at(sweep, "Properties", "Name"));
    }

    /** Asynchronous invocations that still fail, and events EventBridge cannot deliver, wait in one queue. */
    @Test
    void failedAndUndeliverableEvents_goToTheFailureQueue() {
        Map<String, Object> queue = Map.of("Fn::GetAtt", "FailoverFailures.Arn");

        assertEquals("SQS", at(function, "Properties", "EventInvokeConfig", "DestinationConfig", "OnFailure", "Type"));
        assertEquals(queue, at(function, "Properties", "EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination"));
        for (String rule : List.of("AlarmStateChanges", "OperatorActions")) {
            assertEquals(queue, at(function, "Properties", "Events", rule, "Properties", "DeadLetterConfig", "Arn"), rule);
        }
        List<Map<String, Object>> statements = at(TemplateYaml.resource("FailoverFailuresPolicy"), "Properties",
                "PolicyDocument", "Statement");
        assertEquals(List.of(Map.of("Fn::GetAtt", "FailoverFunctionAlarmStateChanges.Arn"),
                        Map.of("Fn::GetAtt", "FailoverFunctionOperatorActions.Arn")),
                at(statements.get(0), "Condition", "ArnEquals", "aws:SourceArn"));
    }

    @Test
    void alarmRule_staysOnTheDefaultBus_whereCloudWatchSendsAlarmChanges() {
        Map<String, Object> rule = at(function, "Properties", "Events", "AlarmStateChanges", "Properties");

        assertNull(rule.get("EventBusName"));
        assertEquals(List.of("aws.cloudwatch"), at(rule, "Pattern", "source"));
    }
}
