package dev.wgroam.table;

import static dev.wgroam.text.PrintableAssertions.assertNoControlCharacters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.wgroam.ownership.Owner;
import dev.wgroam.registry.NodeApproval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items that a codec must refuse with a {@link MalformedItemException} naming the item and the
 * attribute, so that a stream handler can log it once and move on. Never another exception.
 */
class MalformedItemTest {

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, AttributeValue value) {
        Map<String, AttributeValue> changed = new HashMap<>(item);
        changed.put(name, value);
        return changed;
    }

    private static Map<String, AttributeValue> without(Map<String, AttributeValue> item, String name) {
        Map<String, AttributeValue> changed = new HashMap<>(item);
        assertTrue(changed.remove(name) != null, "the sample item has " + name);
        return changed;
    }

    /** Decodes, expecting a MalformedItemException about {@code attribute} that names the item. */
    private static MalformedItemException assertMalformed(SampleItem sample, Map<String, AttributeValue> item,
                                                         String attribute) {
        MalformedItemException e = assertThrows(MalformedItemException.class, () -> sample.decode(item));
        assertEquals(attribute, e.attribute(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + attribute + "'"), e.getMessage());
        Map<String, AttributeValue> original = sample.item();
        for (String key : List.of("pk", "sk")) {
            if (original.get(key).equals(item.get(key))) {
                String named = key + "='" + original.get(key).s() + "'";
                assertTrue(e.item().contains(named), e.item());
                assertTrue(e.getMessage().contains(named), e.getMessage());
            }
        }
        assertNoControlCharacters(e.getMessage());
        return e;
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredAttributes")
    void fromItem_whenAttributeMissing_namesItAndAttribute(SampleItem sample, String attribute) {
        MalformedItemException e = assertMalformed(sample, without(sample.item(), attribute), attribute);
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} with NULL {1}")
    @MethodSource("requiredAttributes")
    void fromItem_whenAttributeIsDynamoNull_namesItAndAttribute(SampleItem sample, String attribute) {
        assertMalformed(sample, with(sample.item(), attribute, AttributeValue.fromNul(true)), attribute);
    }

    @ParameterizedTest(name = "{0} with Java null {1}")
    @MethodSource("requiredAndOptionalAttributes")
    void fromItem_whenAttributeMapsToJavaNull_namesItAndAttribute(SampleItem sample, String attribute) {
        Map<String, AttributeValue> item = new HashMap<>(sample.item());
        item.put(attribute, null);
        assertMalformed(sample, item, attribute);
    }

    static Stream<Arguments> requiredAttributes() {
        return Arrays.stream(SampleItem.values())
                .flatMap(sample -> sample.required().stream().map(attribute -> arguments(sample, attribute)));
    }

    static Stream<Arguments> requiredAndOptionalAttributes() {
        return Stream.concat(requiredAttributes(), Arrays.stream(SampleItem.values())
                .flatMap(sample -> sample.optional.stream().map(attribute -> arguments(sample, attribute))));
    }

    @ParameterizedTest(name = "{0}: {1} as {2}")
    @MethodSource("wrongTypes")
    void fromItem_whenAttributeHasWrongType_namesItAndAttribute(SampleItem sample, String attribute,
                                                                AttributeValue wrong) {
        assertMalformed(sample, with(sample.item(), attribute, wrong), attribute);
    }

    /** Every read attribute in every other type, with contents that look right for the expected one. */
    static Stream<Arguments> wrongTypes() {
        List<Arguments> out = new ArrayList<>();
        for (SampleItem sample : SampleItem.values()) {
            Map<String, AttributeValue> item = sample.item();
            List<String> attributes = new ArrayList<>(sample.required());
            attributes.addAll(sample.optional);
            for (String attribute : attributes) {
                AttributeValue right = item.get(attribute);
                if (right == null) {
                    continue; // an optional attribute this sample leaves out; another sample has it
                }
                String text = right.s() != null ? right.s() : right.n() != null ? right.n()
                        : right.bool() != null ? right.bool().toString() : "10.8.0.0/16";
                List<AttributeValue> wrong = new ArrayList<>(List.of(
                        AttributeValue.fromS(text),
                        AttributeValue.fromN("1"),
                        AttributeValue.fromBool(true),
                        AttributeValue.fromL(List.of(AttributeValue.fromS(text))),
                        AttributeValue.fromSs(List.of(text)),
                        AttributeValue.fromM(Map.of(attribute, right)),
                        AttributeValue.fromB(SdkBytes.fromUtf8String(text)),
                        AttributeValue.builder().build()));
                wrong.removeIf(w -> w.type() == right.type());
                wrong.forEach(w -> out.add(arguments(sample, attribute, w)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidValues")
    void fromItem_whenValueInvalid_namesItAndAttribute(String why, SampleItem sample, String attribute,
                                                       AttributeValue bad, String reported) {
        assertMalformed(sample, with(sample.item(), attribute, bad), reported);
    }

    static Stream<Arguments> invalidValues() {
        String afterMax = Long.toString(Records.LAST_SECOND + 1);
        SampleItem o = SampleItem.OBSERVATION;
        SampleItem nd = SampleItem.NODE;
        SampleItem co = SampleItem.CLIENT_OWNER;
        SampleItem vo = SampleItem.VPC_OWNER;
        SampleItem st = SampleItem.STATUS;
        SampleItem ap = SampleItem.APPROVAL;
        SampleItem cl = SampleItem.CLIENT;
        SampleItem fl = SampleItem.FLEET;
        return Stream.of(
                arguments("unknown kind", o, "kind", s("unknown"), "kind"),
                arguments("kind in capitals", o, "kind", s("Observation"), "kind"),
                arguments("empty kind", st, "kind", s(""), "kind"),
                arguments("node id with a space", o, "node", s("node a"), "node"),
                arguments("node id with a shell command", o, "node", s("$(reboot)"), "node"),
                arguments("client not a key", o, "client", s("not-a-key"), "client"),
                arguments("client key with spare bits set", o, "client", s(Samples.NON_CANONICAL_KEY), "client"),
                arguments("negative handshake", o, "latestHandshake", n("-1"), "latestHandshake"),
                arguments("handshake after year 9999", o, "latestHandshake", n(afterMax), "latestHandshake"),
                arguments("handshake in milliseconds", o, "latestHandshake", n("1714564800000000"), "latestHandshake"),
                arguments("fractional handshake", o, "latestHandshake", n("1714564800.5"), "latestHandshake"),
                arguments("handshake in exponent form", o, "latestHandshake", n("1.7E9"), "latestHandshake"),
                arguments("handshake beyond long", o, "latestHandshake", n("99999999999999999999"), "latestHandshake"),
                arguments("negative observedAt", o, "observedAt", n("-1"), "observedAt"),
                arguments("port 0", o, "endpoint", s("203.0.113.7:0"), "endpoint"),
                arguments("endpoint with a shell command", o, "endpoint", s("$(reboot):51820"), "endpoint"),
                arguments("endpoint with an octal address", o, "endpoint", s("010.1.2.3:51820"), "endpoint"),
                arguments("negative rx", o, "rxBytes", n("-1"), "rxBytes"),
                arguments("negative tx", o, "txBytes", n("-1"), "txBytes"),
                arguments("rx beyond long", o, "rxBytes", n("9223372036854775808"), "rxBytes"),
                arguments("node that is not the partition's", o, "node", s("node-b"), "pk"),
                arguments("client that is not the sort key's", o, "client", s(Samples.OTHER_KEY), "sk"),
                arguments("partition of another node", o, "pk", s("node#node-b"), "pk"),
                arguments("sort key of another client", o, "sk", s("observation#" + Samples.OTHER_KEY), "sk"),

                arguments("backbone key invalid", nd, "backboneKey", s("x"), "backboneKey"),
                arguments("backbone address not a /32", nd, "backboneAddress", s("10.99.0.0/24"), "backboneAddress"),
                arguments("backbone address length 33", nd, "backboneAddress", s("10.99.0.1/33"), "backboneAddress"),
                arguments("backbone endpoint without port", nd, "backboneEndpoint", s("vpn.example.com"), "backboneEndpoint"),
                arguments("negative heartbeat", nd, "heartbeat", n("-1"), "heartbeat"),
                arguments("heartbeat after year 9999", nd, "heartbeat", n(afterMax), "heartbeat"),
                arguments("empty agent version", nd, "agentVersion", s(""), "agentVersion"),
                arguments("agent version with a space", nd, "agentVersion", s("0.1 beta"), "agentVersion"),
                arguments("negative applied routes", nd, "appliedRoutes", n("-1"), "appliedRoutes"),
                arguments("applied routes beyond int", nd, "appliedRoutes", n("2147483648"), "appliedRoutes"),
                arguments("negative applied version sum", nd, "appliedVersionSum", n("-1"), "appliedVersionSum"),
                arguments("negative appliedAt", nd, "appliedAt", n("-1"), "appliedAt"),
                arguments("node that is not the partition's", nd, "node", s("node-b"), "pk"),
                arguments("record under another sort key", nd, "sk", s("status"), "sk"),

                arguments("node name starting with a dash", ap, "nodeName", s("-vpn"), "nodeName"),
                arguments("region with a newline", ap, "region", s("eu-west-1\n"), "region"),
                arguments("VPC CIDR with host bits", ap, "vpcCidrs", AttributeValue.fromL(List.of(s("10.8.0.1/16"))), "vpcCidrs"),
                arguments("VPC CIDR as a number", ap, "vpcCidrs", AttributeValue.fromL(List.of(n("1"))), "vpcCidrs"),
                arguments("VPC CIDR as a boolean", ap, "vpcCidrs", AttributeValue.fromL(List.of(AttributeValue.fromBool(true))), "vpcCidrs"),
                arguments("VPC CIDRs with a null element", ap, "vpcCidrs",
                        AttributeValue.fromL(Arrays.asList(s("10.8.0.0/16"), null)), "vpcCidrs"),
                arguments("GA endpoint id starting with a dash", ap, "gaEndpointId", s("-i-0abc"), "gaEndpointId"),
                arguments("GA endpoint id with a shell command", ap, "gaEndpointId", s("i-0abc;reboot"), "gaEndpointId"),
                arguments("backbone key invalid", ap, "backboneKey", s("x"), "backboneKey"),
                arguments("backbone address length 33", ap, "backboneAddress", s("10.99.0.1/33"), "backboneAddress"),
                arguments("primary as text", ap, "primary", s("true"), "primary"),
                arguments("negative approvedAt", ap, "approvedAt", n("-1"), "approvedAt"),
                arguments("node that is not the partition's", ap, "node", s("node-b"), "pk"),
                arguments("listed under another node", ap, "listSort", s("node#node-b"), "listSort"),
                arguments("listed among the owners", ap, "listKey", s("owners"), "listKey"),
                arguments("a default route to serve", ap, "vpcCidrs", AttributeValue.fromL(List.of(s("10.8.0.0/16"), s("0.0.0.0/0"))), "vpcCidrs"),
                arguments("instance metadata to serve", ap, "vpcCidrs", AttributeValue.fromL(List.of(s("169.254.169.254/32"))), "vpcCidrs"),
                arguments("link-local space to serve", ap, "vpcCidrs", AttributeValue.fromL(List.of(s("169.254.0.0/16"))), "vpcCidrs"),
                arguments("a /7 to serve", ap, "vpcCidrs", AttributeValue.fromL(List.of(s("10.0.0.0/7"))), "vpcCidrs"),
                arguments("seventeen CIDRs to serve", ap, "vpcCidrs", AttributeValue.fromL(IntStream.range(0, 17)
                        .mapToObj(i -> s("10." + i + ".0.0/16")).toList()), "vpcCidrs"),
                arguments("backbone address not a /32", ap, "backboneAddress", s("10.99.0.0/24"), "backboneAddress"),
                arguments("backbone address of the metadata service", ap, "backboneAddress", s("169.254.169.254/32"), "backboneAddress"),
                arguments("region other than the instance ARN's", ap, "region", s("us-east-1"), "region"),
                arguments("accelerator endpoint of another instance", ap, "gaEndpointId", s("i-0ffffffffffffffff"), "gaEndpointId"),

                arguments("client not a key", cl, "client", s("not-a-key"), "client"),
                arguments("client that is not the partition's", cl, "client", s(Samples.OTHER_KEY), "pk"),
                arguments("address length 33", cl, "address", s("10.50.0.7/33"), "address"),
                arguments("address with an octal octet", cl, "address", s("010.50.0.7/32"), "address"),
                arguments("address with host bits", cl, "address", s("10.50.0.7/24"), "address"),
                arguments("address not a /32", cl, "address", s("10.50.0.0/24"), "address"),
                arguments("name starting with a dash", cl, "name", s("-callserver"), "name"),
                arguments("name with a space", cl, "name", s("call server"), "name"),
                arguments("negative createdAt", cl, "createdAt", n("-1"), "createdAt"),
                arguments("listed under another client", cl, "listSort", s("client#" + Samples.OTHER_KEY), "listSort"),
                arguments("listed among the approvals", cl, "listKey", s("approvals"), "listKey"),

                arguments("client CIDR not a prefix", fl, "clientCidr", s("10.50.0.0"), "clientCidr"),
                arguments("backbone range with host bits", fl, "backboneRange", s("10.99.0.1/24"), "backboneRange"),
                arguments("accelerator address with a port", fl, "acceleratorAddress", s("75.2.60.5:51820"), "acceleratorAddress"),
                arguments("accelerator address with a shell command", fl, "acceleratorAddress", s("$(reboot)"), "acceleratorAddress"),
                arguments("settings under another partition", fl, "pk", s("fleet#2"), "pk"),
                arguments("client CIDR of every address", fl, "clientCidr", s("0.0.0.0/0"), "clientCidr"),
                arguments("client CIDR in link-local space", fl, "clientCidr", s("169.254.0.0/16"), "clientCidr"),
                arguments("backbone range of loopback", fl, "backboneRange", s("127.0.0.0/8"), "backboneRange"),
                arguments("client CIDR overlapping the backbone range", fl, "clientCidr", s("10.99.0.0/16"), "clientCidr"),
                arguments("settings under another sort key", fl, "sk", s("config"), "sk"),

                arguments("client subject with a bad key", co, "subject", s("client#not-a-key"), "subject"),
                arguments("client subject with spare bits set", co, "subject", s("client#" + Samples.NON_CANONICAL_KEY), "subject"),
                arguments("subject of unknown sort", co, "subject", s("host#" + Samples.CLIENT_KEY), "subject"),
                arguments("empty subject", co, "subject", s(""), "subject"),
                arguments("subject that is not the partition's", co, "subject", s("client#" + Samples.OTHER_KEY), "pk"),
                arguments("version 0", co, "version", n("0"), "version"),
                arguments("negative version", co, "version", n("-1"), "version"),
                arguments("version above the largest", co, "version", n("1000000000001"), "version"),
                arguments("version near the largest long", co, "version", n("9223372036854775807"), "version"),
                arguments("prefix length 33", co, "prefix", s("10.50.0.7/33"), "prefix"),
                arguments("owner id with a space", co, "owner", s("node b"), "owner"),
                arguments("empty owner name", co, "ownerName", s(""), "ownerName"),
                arguments("negative handshake", co, "handshake", n("-1"), "handshake"),
                arguments("handshake after year 9999", co, "handshake", n(afterMax), "handshake"),
                arguments("negative changedAt", co, "changedAt", n("-5"), "changedAt"),
                arguments("previous owner with a space", co, "previousOwner", s("node b"), "previousOwner"),
                arguments("previous owner with a newline", co, "previousOwner", s("node-a\n"), "previousOwner"),
                arguments("listed under another subject", co, "listSort", s("client#" + Samples.OTHER_KEY), "listSort"),
                arguments("VPC prefix differing from its subject", vo, "prefix", s("10.9.0.0/16"), "prefix"),
                arguments("VPC subject differing from its prefix", vo, "subject", s("vpc#10.9.0.0/16"), "prefix"),
                arguments("VPC subject with host bits", vo, "subject", s("vpc#10.8.0.1/16"), "subject"),
                arguments("VPC version 0", vo, "version", n("0"), "version"),
                arguments("VPC version above the largest", vo, "version", n("1000000000001"), "version"),

                arguments("state in lower case", st, "state", s("failed"), "state"),
                arguments("unknown state", st, "state", s("REBOOTING"), "state"),
                arguments("reason of two lines", st, "reason", s("alarm\nsecond line"), "reason"),
                arguments("reason with a tab", st, "reason", s("alarm\tx"), "reason"),
                arguments("reason with an escape sequence", st, "reason", s("alarm \u001b[2J"), "reason"),
                arguments("reason with a C1 next-line", st, "reason", s("alarm\u0085second line"), "reason"),
                arguments("reason over 1024 characters", st, "reason", s("x".repeat(1025)), "reason"),
                arguments("negative since", st, "since", n("-1"), "since"),
                arguments("since after year 9999", st, "since", n(afterMax), "since"),
                arguments("negative weight", st, "restoreWeight", n("-1"), "restoreWeight"),
                arguments("weight over 255", st, "restoreWeight", n("256"), "restoreWeight"),
                arguments("weight beyond int", st, "restoreWeight", n("99999999999"), "restoreWeight"),
                arguments("node that is not the partition's", st, "node", s("node-b"), "pk"),
                arguments("listed under another node", st, "listSort", s("node#node-b"), "listSort"),
                arguments("region in capitals", st, "region", s("EU-WEST-1"), "region"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1_714_564_800L, Records.LAST_SECOND})
    void fromItem_whenTimeWithinRange_readsIt(long seconds) {
        Map<String, AttributeValue> item = with(SampleItem.STATUS.item(), "since", n(Long.toString(seconds)));
        assertEquals(seconds, NodeStatusItem.fromItem(item).since().getEpochSecond());
    }

    @ParameterizedTest(name = "{0} passed to the {1} codec")
    @MethodSource("otherKinds")
    void fromItem_whenItemIsOfAnotherKind_namesItAndKind(SampleItem sample, SampleItem codec) {
        Map<String, AttributeValue> item = sample.item();
        MalformedItemException e = assertThrows(MalformedItemException.class, () -> codec.decode(item));
        assertEquals("kind", e.attribute());
        assertTrue(e.getMessage().contains(item.get("pk").s()), e.getMessage());
        assertTrue(e.getMessage().contains(sample.kind.attributeValue()), e.getMessage());
    }

    static Stream<Arguments> otherKinds() {
        return Arrays.stream(SampleItem.values()).flatMap(sample -> Arrays.stream(SampleItem.values())
                .filter(codec -> codec.kind != sample.kind)
                .map(codec -> arguments(sample, codec)));
    }

    @ParameterizedTest
    @EnumSource(SampleItem.class)
    void fromItem_whenNoItem_throwsMalformedItemAboutKind(SampleItem codec) {
        MalformedItemException e = assertThrows(MalformedItemException.class, () -> codec.decode(null));
        assertEquals("kind", e.attribute());
        assertNoControlCharacters(e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(SampleItem.class)
    void fromItem_whenItemEmpty_throwsMalformedItemAboutKind(SampleItem codec) {
        MalformedItemException e = assertThrows(MalformedItemException.class, () -> codec.decode(Map.of()));
        assertEquals("kind", e.attribute());
    }

    @Test
    void itemKindOf_whenNoItem_throwsMalformedItemAboutKind() {
        MalformedItemException e = assertThrows(MalformedItemException.class, () -> ItemKind.of(null));
        assertEquals("kind", e.attribute());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "OWNER", "owner ", "owners", "node\u0000", "status\n"})
    void itemKindOf_whenKindUnknown_namesItAndEscapesTheValue(String kind) {
        Map<String, AttributeValue> item = with(SampleItem.STATUS.item(), "kind", s(kind));
        MalformedItemException e = assertThrows(MalformedItemException.class, () -> ItemKind.of(item));
        assertEquals("kind", e.attribute());
        assertTrue(e.getMessage().contains("status#node-a"), e.getMessage());
        assertNoControlCharacters(e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(SampleItem.class)
    void itemKindOf_readsTheKindOfEverySample(SampleItem sample) {
        assertEquals(sample.kind, ItemKind.of(sample.item()));
    }

    @Test
    void fromItem_whenPartitionKeyHasControlCharacters_escapesThemInTheMessage() {
        Map<String, AttributeValue> item = with(SampleItem.OBSERVATION.item(), "pk", s("node#a\u001b[31m\r\n\u0085"));
        item.put("rxBytes", n("-1"));
        MalformedItemException e = assertThrows(MalformedItemException.class, () -> ObservationItem.fromItem(item));
        assertNoControlCharacters(e.getMessage());
        assertNoControlCharacters(e.item());
    }

    @Test
    void approvalFromItem_whenOptionalAttributesAbsent_readsNoGaEndpointAndNoCidrs() {
        Map<String, AttributeValue> item = without(without(SampleItem.APPROVAL.item(), "gaEndpointId"), "vpcCidrs");
        NodeApproval approval = NodeApprovalItem.fromItem(item);
        assertEquals("", approval.gaEndpointId());
        assertEquals(List.of(), approval.vpcCidrs());
    }

    @Test
    void ownerFromItem_whenPreviousOwnerAbsent_readsNoPreviousOwner() {
        Owner owner = OwnerItem.fromItem(without(SampleItem.CLIENT_OWNER.item(), "previousOwner"));
        assertNull(owner.previousNode());
        assertEquals(Samples.NODE_B, owner.node());
    }

    @Test
    void fromItem_ignoresTheUtcTwinsAndReadsEpochSeconds() {
        Map<String, AttributeValue> item = with(SampleItem.STATUS.item(), "sinceUtc", s("1999-01-01T00:00:00Z"));
        assertEquals(Samples.T5, NodeStatusItem.fromItem(item).since());
        assertEquals(Samples.T5, NodeStatusItem.fromItem(without(item, "sinceUtc")).since());
    }
}
