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
    void alarmRule_staysOnTheDefaultBus_whereCloudWatchSendsAlarmChanges() {
        Map<String, Object> rule = at(function, "Properties", "Events", "AlarmStateChanges", "Properties");

        assertNull(rule.get("EventBusName"));
        assertEquals(List.of("aws.cloudwatch"), at(rule, "Pattern", "source"));
    }
}
