package dev.wgroam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.aws.table.TableLists;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A fresh table in DynamoDB Local per test, the CLI run against it as an operator runs it, and what
 * the tests check with: every item of the table, the approvals and clients as written, what a
 * node's agent writes of itself.
 */
abstract class CliFixture {

    static final SecureRandom RANDOM = new SecureRandom();
    static final String ARN_A = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0aaaaaaaaaaaaaaa1";
    static final String ARN_B = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0bbbbbbbbbbbbbbb2";
    static final String ARN_C = "arn:aws:ec2:us-east-1:123456789012:instance/i-0ccccccccccccccc3";

    final LocalDynamoDb dynamo = LocalDynamoDb.shared();
    String table;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void freshTable(TestInfo test) {
        table = dynamo.createTable(test.getTestMethod().orElseThrow().getName());
    }

    /** A WireGuard public key as `wg pubkey` prints one: 32 random bytes in base64. */
    static PeerKey randomKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return PeerKey.of(raw);
    }

    int run(String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table, "--endpoint", dynamo.endpoint().toString()));
        return CliMain.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Every item of the table, in key order: what a refused command must leave as it was. */
    List<Map<String, AttributeValue>> scan() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.dynamoDb().scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(items::add);
        items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get(TableSchema.PARTITION_KEY).s())
                .thenComparing(i -> i.get(TableSchema.SORT_KEY).s()));
        return items;
    }

    void fleet() {
        assertEquals(0, run("fleet", "set", "--client-cidr", "10.50.0.0/24", "--backbone-range", "10.99.0.0/24",
                "--accelerator", "vpn.example.com", "--clients-public-key", CLIENTS_KEY.base64()), err());
    }

    /** The public key of every node's clients interface, as the fleet settings hold it. */
    static final PeerKey CLIENTS_KEY = randomKey();

    /** What the node's agent writes of itself with its first heartbeat. */
    NodeRecord nodeWrites(String node, PeerKey key, String backboneAddress) {
        NodeRecord record = new NodeRecord(new NodeId(node), key, Cidr.parse(backboneAddress),
                Endpoint.parse("203.0.113.10:51821"), Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(12),
                "0.3.0", AppliedRoutes.NONE);
        dynamo.dynamoDb().putItem(r -> r.tableName(table).item(NodeRecordItem.toItem(record)));
        return record;
    }

    List<NodeApproval> approvals() {
        return TableLists.read(dynamo.dynamoDb(), table, TableSchema.APPROVALS, NodeApprovalItem::fromItem, e -> {
            throw e;
        });
    }

    List<RegisteredClient> clients() {
        return TableLists.read(dynamo.dynamoDb(), table, TableSchema.CLIENTS, RegisteredClientItem::fromItem, e -> {
            throw e;
        });
    }

    /** Runs a command that must be refused as data (65) and leave every item as it was; returns its message. */
    String refused(String... args) {
        List<Map<String, AttributeValue>> before = scan();
        assertEquals(CliMain.DATA, run(args), "out: " + out() + " err: " + err());
        assertEquals(before, scan(), "a refused command wrote: " + String.join(" ", args));
        assertEquals(1, err().lines().count(), err());
        return err();
    }
}
