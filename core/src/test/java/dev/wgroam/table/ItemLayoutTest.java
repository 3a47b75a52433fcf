package dev.wgroam.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items as an operator sees them in the console and as the keys in TableSchema's javadoc
 * lay them out. Expected values are written from that table and from GNU date, not from the code.
 */
class ItemLayoutTest implements Records.Providers {

    private static final Pattern READABLE_NAME = Pattern.compile("[a-z]+([A-Z][a-z]+)*");
    private static final Pattern ISO_SECOND = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    @Test
    void observationItem_hasDocumentedKeysAndReadableAttributesAndIsInNoList() {
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("node#node-a"));
        expected.put("sk", s("observation#" + Samples.CLIENT_KEY));
        expected.put("kind", s("observation"));
        expected.put("node", s("node-a"));
        expected.put("client", s(Samples.CLIENT_KEY));
        expected.put("latestHandshake", n("1714564800"));
        expected.put("latestHandshakeUtc", s("2024-05-01T12:00:00Z"));
        expected.put("endpoint", s("203.0.113.7:51820"));
        expected.put("rxBytes", n("1234"));
        expected.put("txBytes", n("5678"));
        expected.put("observedAt", n("1714564805"));
        expected.put("observedAtUtc", s("2024-05-01T12:00:05Z"));
        expected.put("expiresAt", n(Long.toString(1714564805L + 86400)));

        assertEquals(expected, ObservationItem.toItem(Samples.observation()));
    }

    @Test
    void nodeRecordItem_hasDocumentedKeysAndReadableAttributesAndIsInNoList() {
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("node#node-a"));
        expected.put("sk", s("node"));
        expected.put("kind", s("node"));
        expected.put("node", s("node-a"));
        expected.put("backboneKey", s(Samples.OTHER_KEY));
        expected.put("backboneAddress", s("10.99.0.1/32"));
        expected.put("backboneEndpoint", s("198.51.100.4:51821"));
        expected.put("heartbeat", n("1714564805"));
        expected.put("heartbeatUtc", s("2024-05-01T12:00:05Z"));
        expected.put("agentVersion", s("0.1.0"));
        expected.put("appliedRoutes", n("12"));
        expected.put("appliedVersionSum", n("40"));
        expected.put("appliedAt", n("1714564800"));
        expected.put("appliedAtUtc", s("2024-05-01T12:00:00Z"));

        assertEquals(expected, NodeRecordItem.toItem(Samples.nodeRecord()));
    }

    @Test
    void fleetSettingsItem_hasDocumentedKeysAndIsInNoList() {
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("fleet"));
        expected.put("sk", s("settings"));
        expected.put("kind", s("fleet"));
        expected.put("clientCidr", s("10.50.0.0/16"));
        expected.put("backboneRange", s("10.99.0.0/24"));
        expected.put("acceleratorAddress", s("a1234567890abcdef.awsglobalaccelerator.com"));
        expected.put("clientsPublicKey", s(Samples.CLIENTS_INTERFACE_KEY));
        expected.put("clientPort", n("51820"));
        expected.put("updatedAt", n("1714564805"));
        expected.put("updatedAtUtc", s("2024-05-01T12:00:05Z"));

        assertEquals(expected, FleetSettingsItem.toItem(Samples.fleetSettings(), Samples.T5));
        assertEquals(Map.of("pk", s("fleet"), "sk", s("settings")), FleetSettingsItem.KEY);
    }

    @Test
    void fleetSettingsItem_writtenBeforeTheClientsKeyAndPort_readsWithNoKeyOnThePortDefault() {
        Map<String, AttributeValue> old = new HashMap<>(FleetSettingsItem.toItem(Samples.fleetSettings(), Samples.T5));
        old.remove("clientsPublicKey");
        old.remove("clientPort");

        var settings = FleetSettingsItem.fromItem(old);

        assertEquals(java.util.Optional.empty(), settings.clientsKey());
        assertEquals(51820, settings.clientPort());
    }

    @Test
    void fleetSettingsItem_withAPortOutOfRange_isMalformed() {
        Map<String, AttributeValue> item = new HashMap<>(FleetSettingsItem.toItem(Samples.fleetSettings(), Samples.T5));
        item.put("clientPort", n("70000"));

        org.junit.jupiter.api.Assertions.assertThrows(MalformedItemException.class, () -> FleetSettingsItem.fromItem(item));
    }

    @Test
    void approvalItem_hasDocumentedKeysAndReadableAttributes() {
        String arn = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890";
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("approval#" + arn));
        expected.put("sk", s("approval"));
        expected.put("kind", s("approval"));
        expected.put("listKey", s("approvals"));
        expected.put("listSort", s("node#" + arn));
        expected.put("node", s(arn));
        expected.put("nodeName", s("vpn-eu-west-1a"));
        expected.put("region", s("eu-west-1"));
        expected.put("vpcCidrs", AttributeValue.fromL(List.of(s("10.8.0.0/16"), s("10.9.0.0/16"))));
        expected.put("backboneKey", s(Samples.OTHER_KEY));
        expected.put("backboneAddress", s("10.99.0.1/32"));
        expected.put("primary", AttributeValue.fromBool(true));
        expected.put("gaEndpointId", s("i-0a1b2c3d4e5f67890"));
        expected.put("approvedAt", n("1714564800"));
        expected.put("approvedAtUtc", s("2024-05-01T12:00:00Z"));

        assertEquals(expected, NodeApprovalItem.toItem(Samples.approval()));
    }

    @Test
    void approvalItem_whenNoGaEndpointAndNoVpc_leavesTheEndpointOutAndListsNoCidrs() {
        NodeApproval sample = Samples.approval();
        NodeApproval bare = new NodeApproval(sample.node(), sample.name(), sample.region(), List.of(),
                sample.backboneKey(), sample.backboneAddress(), false, "", sample.approvedAt());
        Map<String, AttributeValue> item = NodeApprovalItem.toItem(bare);
        assertFalse(item.containsKey("gaEndpointId"));
        assertEquals(AttributeValue.fromL(List.of()), item.get("vpcCidrs"));
        assertEquals(bare, NodeApprovalItem.fromItem(item));
    }

    @Test
    void clientItem_hasDocumentedKeysAndReadableAttributes() {
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("client#" + Samples.CLIENT_KEY));
        expected.put("sk", s("client"));
        expected.put("kind", s("client"));
        expected.put("listKey", s("clients"));
        expected.put("listSort", s("client#" + Samples.CLIENT_KEY));
        expected.put("client", s(Samples.CLIENT_KEY));
        expected.put("address", s("10.50.0.7/32"));
        expected.put("name", s("callserver-7"));
        expected.put("createdAt", n("1714564800"));
        expected.put("createdAtUtc", s("2024-05-01T12:00:00Z"));
        expected.put("watchdog", AttributeValue.fromBool(false));

        assertEquals(expected, RegisteredClientItem.toItem(Samples.client()));
        assertEquals(Map.of("pk", s("client#" + Samples.CLIENT_KEY), "sk", s("client")),
                RegisteredClientItem.key(Samples.client().key()));
    }

    @Test
    void clientClaimItems_holdTheAddressAndTheNameUnderKeysOfTheirOwnInNoList() {
        RegisteredClient client = Samples.client();
        Map<String, AttributeValue> addressKey = RegisteredClientItem.addressClaimKey(client.address());
        Map<String, AttributeValue> nameKey = RegisteredClientItem.nameClaimKey(client.name());
        assertEquals(Map.of("pk", s("address#10.50.0.7/32"), "sk", s("claim")), addressKey);
        assertEquals(Map.of("pk", s("clientname#callserver-7"), "sk", s("claim")), nameKey);

        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("address#10.50.0.7/32"));
        expected.put("sk", s("claim"));
        expected.put("kind", s("claim"));
        expected.put("client", s(Samples.CLIENT_KEY));
        expected.put("name", s("callserver-7"));
        assertEquals(expected, RegisteredClientItem.claimItem(addressKey, client));

        expected.put("pk", s("clientname#callserver-7"));
        assertEquals(expected, RegisteredClientItem.claimItem(nameKey, client));
    }

    @Test
    void clientOwnerItem_hasDocumentedKeysAndReadableAttributes() {
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("owner#client#" + Samples.CLIENT_KEY));
        expected.put("sk", s("owner"));
        expected.put("kind", s("owner"));
        expected.put("listKey", s("owners"));
        expected.put("listSort", s("client#" + Samples.CLIENT_KEY));
        expected.put("subject", s("client#" + Samples.CLIENT_KEY));
        expected.put("prefix", s("10.50.0.7/32"));
        expected.put("owner", s("node-b"));
        expected.put("ownerName", s("vpn-us-east-1a"));
        expected.put("handshake", n("1714564800"));
        expected.put("handshakeUtc", s("2024-05-01T12:00:00Z"));
        expected.put("version", n("3"));
        expected.put("changedAt", n("1714564805"));
        expected.put("changedAtUtc", s("2024-05-01T12:00:05Z"));
        expected.put("previousOwner", s("node-a"));

        assertEquals(expected, OwnerItem.toItem(Samples.clientOwner()));
    }

    @Test
    void vpcOwnerItem_hasDocumentedKeysAndNoHandshakeOrPreviousOwner() {
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("owner#vpc#10.8.0.0/16"));
        expected.put("sk", s("owner"));
        expected.put("kind", s("owner"));
        expected.put("listKey", s("owners"));
        expected.put("listSort", s("vpc#10.8.0.0/16"));
        expected.put("subject", s("vpc#10.8.0.0/16"));
        expected.put("prefix", s("10.8.0.0/16"));
        expected.put("owner", s("node-a"));
        expected.put("ownerName", s("vpn-eu-west-1a"));
        expected.put("version", n("1"));
        expected.put("changedAt", n("1714564805"));
        expected.put("changedAtUtc", s("2024-05-01T12:00:05Z"));

        assertEquals(expected, OwnerItem.toItem(Samples.vpcOwner()));
    }

    @Test
    void nodeStatusItem_hasDocumentedKeysAndReadableAttributes() {
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("status#node-a"));
        expected.put("sk", s("status"));
        expected.put("kind", s("status"));
        expected.put("listKey", s("statuses"));
        expected.put("listSort", s("node#node-a"));
        expected.put("node", s("node-a"));
        expected.put("nodeName", s("vpn-eu-west-1a"));
        expected.put("region", s("eu-west-1"));
        expected.put("state", s("FAILED"));
        expected.put("reason", s("alarm wg-roam-node-a-heartbeat"));
        expected.put("since", n("1714564805"));
        expected.put("sinceUtc", s("2024-05-01T12:00:05Z"));
        expected.put("restoreWeight", n("100"));
        expected.put("weight", n("0"));

        assertEquals(expected, NodeStatusItem.toItem(Samples.status()));
    }

    @Property
    void observationItem_keysFollowTheDocumentedLayout(@ForAll("observations") Observation o) {
        Map<String, AttributeValue> item = ObservationItem.toItem(o);
        assertKeys(item, "observation", "node#" + o.node().value(), "observation#" + o.client().base64(), null, null);
        assertEquals(ObservationItem.key(o.node(), o.client()), keyOf(item));
        assertTimes(item, Map.of("latestHandshake", o.latestHandshake(), "observedAt", o.observedAt()));
        assertReadable(item);
    }

    @Property
    void nodeRecordItem_keysFollowTheDocumentedLayout(@ForAll("nodeRecords") NodeRecord r) {
        Map<String, AttributeValue> item = NodeRecordItem.toItem(r);
        assertKeys(item, "node", "node#" + r.node().value(), "node", null, null);
        assertEquals(NodeRecordItem.key(r.node()), keyOf(item));
        assertTimes(item, Map.of("heartbeat", r.heartbeat(), "appliedAt", r.applied().appliedAt()));
        assertReadable(item);
    }

    @Property
    void ownerItem_keysFollowTheDocumentedLayout(@ForAll("owners") Owner o) {
        Map<String, AttributeValue> item = OwnerItem.toItem(o);
        String subject = switch (o.subject()) {
            case Subject.Client client -> "client#" + client.key().base64();
            case Subject.Vpc vpc -> "vpc#" + vpc.prefix();
        };
        assertKeys(item, "owner", "owner#" + subject, "owner", "owners", subject);
        assertEquals(OwnerItem.key(o.subject()), keyOf(item));
        assertTimes(item, o.subject() instanceof Subject.Client
                ? Map.of("changedAt", o.changedAt(), "handshake", o.handshake())
                : Map.of("changedAt", o.changedAt()));
        assertReadable(item);
    }

    @Property
    void nodeStatusItem_keysFollowTheDocumentedLayout(@ForAll("statuses") NodeStatus st) {
        Map<String, AttributeValue> item = NodeStatusItem.toItem(st);
        assertKeys(item, "status", "status#" + st.node().value(), "status", "statuses", "node#" + st.node().value());
        assertEquals(NodeStatusItem.key(st.node()), keyOf(item));
        assertTimes(item, Map.of("since", st.since()));
        assertReadable(item);
    }

    @Property
    void fleetSettingsItem_keysFollowTheDocumentedLayout(@ForAll("fleetSettings") FleetSettings f) {
        Map<String, AttributeValue> item = FleetSettingsItem.toItem(f, Samples.T0);
        assertKeys(item, "fleet", "fleet", "settings", null, null);
        assertEquals(FleetSettingsItem.KEY, keyOf(item));
        assertTimes(item, Map.of("updatedAt", Samples.T0));
        assertReadable(item);
    }

    @Property
    void approvalItem_keysFollowTheDocumentedLayout(@ForAll("approvals") NodeApproval a) {
        Map<String, AttributeValue> item = NodeApprovalItem.toItem(a);
        assertKeys(item, "approval", "approval#" + a.node().value(), "approval", "approvals", "node#" + a.node().value());
        assertEquals(NodeApprovalItem.key(a.node()), keyOf(item));
        assertTimes(item, Map.of("approvedAt", a.approvedAt()));
        assertReadable(item);
    }

    @Property
    void clientItem_keysFollowTheDocumentedLayout(@ForAll("clients") RegisteredClient c) {
        Map<String, AttributeValue> item = RegisteredClientItem.toItem(c);
        String id = "client#" + c.key().base64();
        assertKeys(item, "client", id, "client", "clients", id);
        assertEquals(RegisteredClientItem.key(c.key()), keyOf(item));
        assertTimes(item, Map.of("createdAt", c.createdAt()));
        assertReadable(item);
        for (Map<String, AttributeValue> claim : List.of(
                RegisteredClientItem.claimItem(RegisteredClientItem.addressClaimKey(c.address()), c),
                RegisteredClientItem.claimItem(RegisteredClientItem.nameClaimKey(c.name()), c))) {
            assertEquals("claim", claim.get("kind").s());
            assertEquals(c.key().base64(), claim.get("client").s());
            assertFalse(claim.containsKey("listKey") || claim.containsKey("listSort"), "a claim is in no list");
            assertReadable(claim);
        }
    }

    /** {@code listKey} and {@code listSort} null: the item must not carry them at all. */
    private static void assertKeys(Map<String, AttributeValue> item, String kind, String pk, String sk,
                                   String listKey, String listSort) {
        assertEquals(kind, item.get("kind").s(), "kind");
        assertEquals(pk, item.get("pk").s(), "pk");
        assertEquals(sk, item.get("sk").s(), "sk");
        assertEquals(listKey, item.containsKey("listKey") ? item.get("listKey").s() : null, "listKey");
        assertEquals(listSort, item.containsKey("listSort") ? item.get("listSort").s() : null, "listSort");
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Map.of("pk", item.get("pk"), "sk", item.get("sk"));
    }

    /** Each time is epoch seconds plus an ISO-8601 twin to the second, and there are no other twins. */
    private static void assertTimes(Map<String, AttributeValue> item, Map<String, Instant> times) {
        times.forEach((name, time) -> {
            assertEquals(Long.toString(time.getEpochSecond()), item.get(name).n(), name);
            String utc = item.get(name + "Utc").s();
            assertNotNull(utc, name + "Utc");
            assertTrue(ISO_SECOND.matcher(utc).matches(), utc);
            assertEquals(time, Instant.parse(utc), name + "Utc");
        });
        long twins = item.keySet().stream().filter(k -> k.endsWith("Utc")).count();
        assertEquals(times.size(), twins, "Utc twins in " + item.keySet());
    }

    /** Plain camelCase names; only strings, numbers, booleans and lists of strings, as the console shows them. */
    private static void assertReadable(Map<String, AttributeValue> item) {
        item.forEach((name, value) -> {
            assertTrue(READABLE_NAME.matcher(name).matches(), "attribute name " + name);
            boolean plain = value.s() != null || value.n() != null || value.bool() != null
                    || (value.hasL() && value.l().stream().allMatch(e -> e.s() != null));
            assertTrue(plain, name + " = " + value);
        });
    }
}
