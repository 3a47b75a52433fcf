package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wgroam.it.PolicySimulator.Decision;
import dev.wgroam.it.PolicySimulator.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy model against the semantics AWS documents, so the template tests built on it mean something. */
class PolicySimulatorTest {

    private static Map<String, Object> allow(String action, String resource, Map<String, Object> condition) {
        return condition == null ? Map.of("Effect", "Allow", "Action", action, "Resource", resource)
                : Map.of("Effect", "Allow", "Action", action, "Resource", resource, "Condition", condition);
    }

    private static Request put(String resource, Map<String, List<String>> context) {
        return new Request("dynamodb:PutItem", resource, context);
    }

    @Test
    void actionsAndResources_matchWithWildcards_actionsIgnoringCase() {
        var policy = new PolicySimulator(List.of(allow("dynamodb:Get*", "arn:aws:dynamodb:*:1:table/t", null)));

        assertEquals(Decision.ALLOWED, policy.decide(new Request("dynamodb:getitem", "arn:aws:dynamodb:eu-west-1:1:table/t", Map.of())));
        assertEquals(Decision.IMPLICIT_DENY, policy.decide(new Request("dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:1:table/t", Map.of())));
        assertEquals(Decision.IMPLICIT_DENY, policy.decide(new Request("dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:1:table/u", Map.of())));
    }

    @Test
    void leadingKeys_withAPolicyVariable_confineToTheCallersOwnPartition() {
        var policy = new PolicySimulator(List.of(allow("dynamodb:PutItem", "*", Map.of("ForAllValues:StringEquals",
                Map.of("dynamodb:LeadingKeys", List.of("node#${ec2:SourceInstanceARN}"))))));
        var own = Map.of("ec2:SourceInstanceARN", List.of("arn:i-a"), "dynamodb:LeadingKeys", List.of("node#arn:i-a"));
        var other = Map.of("ec2:SourceInstanceARN", List.of("arn:i-a"), "dynamodb:LeadingKeys", List.of("node#arn:i-b"));

        assertEquals(Decision.ALLOWED, policy.decide(put("t", own)));
        assertEquals(Decision.IMPLICIT_DENY, policy.decide(put("t", other)));
    }

    @Test
    void forAllValues_overAnAbsentKey_isTrue_asAwsWarns() {
        var policy = new PolicySimulator(List.of(allow("dynamodb:PutItem", "*",
                Map.of("ForAllValues:StringEquals", Map.of("dynamodb:Attributes", List.of("pk", "sk"))))));

        assertEquals(Decision.ALLOWED, policy.decide(put("t", Map.of())));
        assertEquals(Decision.ALLOWED, policy.decide(put("t", Map.of("dynamodb:Attributes", List.of("pk")))));
        assertEquals(Decision.IMPLICIT_DENY, policy.decide(put("t", Map.of("dynamodb:Attributes", List.of("pk", "listKey")))));
    }

    @Test
    void singleValuedOperators_onAnAbsentKey_failUnlessNegatedOrIfExists() {
        var equals = new PolicySimulator(List.of(allow("cloudwatch:PutMetricData", "*",
                Map.of("StringEquals", Map.of("cloudwatch:namespace", "ns")))));
        var ifExists = new PolicySimulator(List.of(allow("cloudwatch:PutMetricData", "*",
                Map.of("StringEqualsIfExists", Map.of("cloudwatch:namespace", "ns")))));
        var request = new Request("cloudwatch:PutMetricData", "*", Map.of());

        assertEquals(Decision.IMPLICIT_DENY, equals.decide(request));
        assertEquals(Decision.ALLOWED, ifExists.decide(request));
    }

    @Test
    void anExplicitDeny_winsOverAnyAllow() {
        var policy = new PolicySimulator(List.of(
                allow("events:PutEvents", "*", null),
                Map.of("Effect", "Deny", "Action", "events:PutEvents", "Resource", "*",
                        "Condition", Map.of("StringNotEquals", Map.of("aws:PrincipalTag/wg-roam:operator", "fleet")))));

        assertEquals(Decision.EXPLICIT_DENY, policy.decide(new Request("events:PutEvents", "bus", Map.of())));
        assertEquals(Decision.EXPLICIT_DENY, policy.decide(new Request("events:PutEvents", "bus",
                Map.of("aws:PrincipalTag/wg-roam:operator", List.of("other")))));
        assertEquals(Decision.ALLOWED, policy.decide(new Request("events:PutEvents", "bus",
                Map.of("aws:PrincipalTag/wg-roam:operator", List.of("fleet")))));
    }

    @Test
    void stringLike_matchesPatterns_andAnUnresolvedVariableMatchesNothing() {
        var policy = new PolicySimulator(List.of(allow("cloudwatch:PutMetricData", "*",
                Map.of("StringLike", Map.of("cloudwatch:namespace", "wg-roam/node/${ec2:SourceInstanceARN}")))));

        assertEquals(Decision.IMPLICIT_DENY, policy.decide(new Request("cloudwatch:PutMetricData", "*",
                Map.of("cloudwatch:namespace", List.of("wg-roam/node/")))));
        assertEquals(Decision.ALLOWED, policy.decide(new Request("cloudwatch:PutMetricData", "*",
                Map.of("cloudwatch:namespace", List.of("wg-roam/node/arn:i-a"), "ec2:SourceInstanceARN", List.of("arn:i-a")))));
    }

    @Test
    void unknownOperatorsAndElements_areErrors_notSilentlyAllowed() {
        var numeric = new PolicySimulator(List.of(allow("s3:GetObject", "*",
                Map.of("NumericLessThan", Map.of("s3:max-keys", "10")))));
        var notAction = new PolicySimulator(List.of(Map.of("Effect", "Allow", "NotAction", "iam:*", "Resource", "*")));

        assertThrows(UnsupportedOperationException.class, () -> numeric.decide(new Request("s3:GetObject", "*", Map.of())));
        assertThrows(UnsupportedOperationException.class, () -> notAction.decide(new Request("s3:GetObject", "*", Map.of())));
    }
}
