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
    void observationItem_hasDocumentedKeysAndReadableAttributes() {
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("node#node-a"));
        expected.put("sk", s("observation#" + Samples.CLIENT_KEY));
        expected.put("kind", s("observation"));
        expected.put("listKey", s("client#" + Samples.CLIENT_KEY));
        expected.put("listSort", s("node#node-a"));
        expected.put("node", s("node-a"));
        expected.put("nodeName", s("vpn-eu-west-1a"));
        expected.put("region", s("eu-west-1"));
        expected.put("client", s(Samples.CLIENT_KEY));
        expected.put("clientPrefix", s("10.50.0.7/32"));
        expected.put("latestHandshake", n("1714564800"));
        expected.put("latestHandshakeUtc", s("2024-05-01T12:00:00Z"));
        expected.put("endpoint", s("203.0.113.7:51820"));
        expected.put("rxBytes", n("1234"));
        expected.put("txBytes", n("5678"));
        expected.put("observedAt", n("1714564805"));
        expected.put("observedAtUtc", s("2024-05-01T12:00:05Z"));

        assertEquals(expected, ObservationItem.toItem(Samples.observation()));
    }

    @Test
    void nodeRecordItem_hasDocumentedKeysAndReadableAttributes() {
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", s("node#node-a"));
        expected.put("sk", s("node"));
        expected.put("kind", s("node"));
        expected.put("listKey", s("nodes"));
        expected.put("listSort", s("node#node-a"));
        expected.put("node", s("node-a"));
        expected.put("nodeName", s("vpn-eu-west-1a"));
        expected.put("region", s("eu-west-1"));
        expected.put("backboneKey", s(Samples.OTHER_KEY));
        expected.put("backboneAddress", s("10.99.0.1/32"));
        expected.put("backboneEndpoint", s("198.51.100.4:51821"));
        expected.put("vpcPrefixes", AttributeValue.fromL(List.of(s("10.8.0.0/16"), s("10.9.0.0/16"))));
        expected.put("vpcPrimary", AttributeValue.fromBool(true));
        expected.put("gaEndpointId", s("i-0abc123def4567890"));
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

        assertEquals(expected, NodeStatusItem.toItem(Samples.status()));
    }

    @Test
    void nodeRecordItem_whenNoGaEndpointId_leavesTheAttributeOut() {
        NodeRecord sample = Samples.nodeRecord();
        NodeRecord withoutGa = new NodeRecord(sample.node(), sample.nodeName(), sample.region(), sample.backboneKey(),
                sample.backboneAddress(), sample.backboneEndpoint(), List.of(), false, "", sample.heartbeat(),
                sample.agentVersion(), sample.applied());
        Map<String, AttributeValue> item = NodeRecordItem.toItem(withoutGa);
        assertFalse(item.containsKey("gaEndpointId"));
        assertEquals(AttributeValue.fromL(List.of()), item.get("vpcPrefixes"));
    }

    @Property
    void observationItem_keysFollowTheDocumentedLayout(@ForAll("observations") Observation o) {
        Map<String, AttributeValue> item = ObservationItem.toItem(o);
        assertKeys(item, "observation", "node#" + o.node().value(), "observation#" + o.client().base64(),
                "client#" + o.client().base64(), "node#" + o.node().value());
        assertEquals(TableSchema.observationsOf(o.client()), item.get("listKey").s());
        assertEquals(ObservationItem.key(o.node(), o.client()), keyOf(item));
        assertTimes(item, Map.of("latestHandshake", o.latestHandshake(), "observedAt", o.observedAt()));
        assertReadable(item);
    }

    @Property
    void nodeRecordItem_keysFollowTheDocumentedLayout(@ForAll("nodeRecords") NodeRecord r) {
        Map<String, AttributeValue> item = NodeRecordItem.toItem(r);
        assertKeys(item, "node", "node#" + r.node().value(), "node", "nodes", "node#" + r.node().value());
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

    private static void assertKeys(Map<String, AttributeValue> item, String kind, String pk, String sk,
                                   String listKey, String listSort) {
        assertEquals(kind, item.get("kind").s(), "kind");
        assertEquals(pk, item.get("pk").s(), "pk");
        assertEquals(sk, item.get("sk").s(), "sk");
        assertEquals(listKey, item.get("listKey").s(), "listKey");
        assertEquals(listSort, item.get("listSort").s(), "listSort");
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
