package dev.wgroam.cli.registry;

import dev.wgroam.aws.table.TableLists;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.MalformedItems;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.table.TableSchema;
import dev.wgroam.wireguard.PeerKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The operator's writes to the registry: fleet settings, node approvals and clients, each checked
 * against the registry as it stands before anything is written ({@link RegistryChecks}), so what
 * the consumers would not believe is refused at once with {@link RegistryRefusedException}.
 *
 * <p>A client is three items written in one TransactWriteItems, each put conditional on
 * {@code attribute_not_exists(pk)}: the client (its key), the claim on its address and the claim
 * on its name. Two operators adding at once can therefore never share a key, an address or a
 * name; the one who loses the address takes the next free one, at most
 * {@value #MAX_ADDRESS_ATTEMPTS} times. The conditions hold within one region: every operator
 * writes to the table in the home region, never to a replica.
 *
 * <p>Thread-safe as its {@link DynamoDbClient} is; it keeps no state between calls.
 */
public final class OperatorRegistry {

    /** How many addresses one add tries while other operators take them first. */
    public static final int MAX_ADDRESS_ATTEMPTS = 8;
    /** Three items per client, and a TransactWriteItems takes at most 100. */
    static final int CLIENTS_PER_TRANSACTION = 33;

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";
    private static final String ABSENT = "attribute_not_exists(#pk)";
    private static final String PRESENT = "attribute_exists(#pk)";
    private static final Map<String, String> PK = Map.of("#pk", TableSchema.PARTITION_KEY);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public OperatorRegistry(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** What the operator has written: the fleet settings (read consistently), every approval and client. */
    public RegistryContents read() {
        MalformedItems malformed = new MalformedItems();
        return new RegistryContents(TableLists.fleetSettings(dynamoDb, table, true, malformed),
                TableLists.read(dynamoDb, table, TableSchema.APPROVALS, NodeApprovalItem::fromItem, malformed),
                TableLists.read(dynamoDb, table, TableSchema.CLIENTS, RegisteredClientItem::fromItem, malformed),
                malformed.summary());
    }

    /**
     * The node's own record, read consistently by its exact key; empty when it has written none.
     * Throws {@link MalformedItemException} when it does not decode.
     */
    public Optional<NodeRecord> nodeRecord(NodeId node) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(NodeRecordItem.key(node))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(NodeRecordItem.fromItem(item));
    }

    /** The records of these nodes, by exact key; absent ones are missing, malformed ones go to {@code onMalformed}. */
    public Map<NodeId, NodeRecord> nodeRecords(Collection<NodeId> nodes, Consumer<MalformedItemException> onMalformed) {
        Map<NodeId, NodeRecord> records = new HashMap<>();
        TableLists.byKeys(dynamoDb, table, nodes.stream().distinct().map(NodeRecordItem::key).toList(),
                        NodeRecordItem::fromItem, onMalformed)
                .forEach(r -> records.put(r.node(), r));
        return records;
    }

    /**
     * Writes the fleet settings, unless an approval or client believed now (or, before the first
     * settings, any written) would not be believed under them.
     */
    public FleetSettings setFleet(FleetSettings settings) {
        RegistryChecks.fleetChange(read(), settings).ifPresent(why -> {
            throw new RegistryRefusedException(why);
        });
        dynamoDb.putItem(r -> r.tableName(table).item(FleetSettingsItem.toItem(settings, now())));
        return settings;
    }

    /**
     * Writes the approval, replacing the node's current one, unless it would not be believed as
     * given or would make another approval stop being believed (see {@link RegistryChecks#approval}).
     * The caller pins the backbone key and address, normally from the node's own record.
     */
    public NodeApproval approve(NodeApproval approval) {
        refusalOf(approval).ifPresent(why -> {
            throw new RegistryRefusedException(why);
        });
        dynamoDb.putItem(r -> r.tableName(table).item(NodeApprovalItem.toItem(approval)));
        return approval;
    }

    /** Why {@link #approve} would refuse {@code approval} now, or empty when it would write it. */
    public Optional<String> refusalOf(NodeApproval approval) {
        return RegistryChecks.approval(read(), approval);
    }

    /** Deletes the node's approval: every consumer stops believing the node at its next read. */
    public NodeApproval removeNode(NodeId node) {
        try {
            Map<String, AttributeValue> old = dynamoDb.deleteItem(r -> r.tableName(table).key(NodeApprovalItem.key(node))
                    .conditionExpression(PRESENT).expressionAttributeNames(PK).returnValues(ReturnValue.ALL_OLD)).attributes();
            return NodeApprovalItem.fromItem(old);
        } catch (ConditionalCheckFailedException e) {
            throw new RegistryRefusedException("node " + node + " is not approved: nothing to remove");
        }
    }

    /**
     * Registers the client at the lowest free address of the client CIDR ({@link ClientAddresses#lowestFree});
     * {@code watchdog}: whether the operator says it runs the client watchdog.
     */
    public RegisteredClient addClient(ClientName name, PeerKey key, boolean watchdog) {
        RegistryContents now = read();
        Cidr clientCidr = now.requireSettings().clientCidr();
        for (RegisteredClient c : now.clients()) {
            if (c.key().equals(key)) {
                throw new RegistryRefusedException("the key " + key.shortForm() + " is already registered as " + c.name()
                        + " at " + c.address());
            }
            if (c.name().equals(name)) {
                throw new RegistryRefusedException("the name " + name + " is already registered, to key "
                        + c.key().shortForm() + " at " + c.address() + ": choose another");
            }
        }
        // The list is read from the index, which may lag: the address claims are what decides.
        Set<Cidr> taken = new HashSet<>();
        now.clients().forEach(c -> taken.add(c.address()));
        for (int attempt = 1; attempt <= MAX_ADDRESS_ATTEMPTS; attempt++) {
            Cidr address = ClientAddresses.lowestFree(clientCidr, taken).orElseThrow(() -> new RegistryRefusedException(
                    "the client CIDR " + clientCidr + " has no free address left (" + taken.size() + " taken)"));
            RegisteredClient client = new RegisteredClient(key, address, name, now(), watchdog);
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(puts(client)));
                return client;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (code(reasons, 0).equals(CONDITION_FAILED)) {
                    throw new RegistryRefusedException("the key " + key.shortForm() + " was registered meanwhile"
                            + registeredAs(reasons.get(0)));
                }
                if (code(reasons, 2).equals(CONDITION_FAILED)) {
                    throw new RegistryRefusedException("the name " + name + " was registered meanwhile, to another key");
                }
                String onAddress = code(reasons, 1);
                if (onAddress.equals(CONDITION_FAILED) || onAddress.equals(CONFLICT)) {
                    taken.add(address);
                } else if (reasons.stream().noneMatch(r -> CONFLICT.equals(r.code()))) {
                    throw e;
                }
                // A conflict on the key or name: another write of the same client is in flight; try again.
            }
        }
        throw new RegistryBusyException("other writers took every address tried for " + name + " ("
                + MAX_ADDRESS_ATTEMPTS + " attempts): nothing written; run it again");
    }

    /**
     * Deletes the client and its two claims in one transaction, conditional on each claim being
     * absent or still naming this client: a claim on the address or name that another key holds is
     * left alone and nothing is deleted.
     */
    public RegisteredClient removeClient(ClientName name) {
        RegisteredClient client = read().clients().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new RegistryRefusedException("no client named " + name + " is registered"));
        Map<String, AttributeValue> addressClaim = RegisteredClientItem.addressClaimKey(client.address());
        Map<String, AttributeValue> nameClaim = RegisteredClientItem.nameClaimKey(client.name());
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(
                    delete(RegisteredClientItem.key(client.key()), PRESENT, PK, Map.of()),
                    deleteClaim(addressClaim, client),
                    deleteClaim(nameClaim, client)));
            return client;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            String why = code(reasons, 0).equals(CONDITION_FAILED) ? "it was removed meanwhile"
                    : code(reasons, 1).equals(CONDITION_FAILED) ? "the claim on " + client.address() + " names another key"
                    : code(reasons, 2).equals(CONDITION_FAILED) ? "the claim on the name names another key"
                    : "another write to it was in flight";
            throw new RegistryBusyException("client " + name + " not removed, " + why + ": nothing deleted;"
                    + " see `wg-roam client list`");
        }
    }

    /**
     * Gives the client {@code name} the key {@code key} at the same address, in one transaction:
     * the old client item goes (it must still be there), the new one is put where nothing is (the
     * key is no one's), and both claims are rewritten to the new key, each conditional on still
     * naming the old one. So the old key is registered nowhere once it returns, and a rotation
     * racing any other write to this client changes nothing.
     */
    public RegisteredClient rotateClient(ClientName name, PeerKey key) {
        RegistryContents contents = read();
        RegisteredClient old = contents.clients().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new RegistryRefusedException("no client named " + name + " is registered"));
        contents.clients().stream().filter(c -> c.key().equals(key)).findFirst().ifPresent(c -> {
            throw new RegistryRefusedException("the key " + key.shortForm() + " is already registered as " + c.name()
                    + " at " + c.address());
        });
        RegisteredClient next = new RegisteredClient(key, old.address(), old.name(), now(), old.watchdog());
        Map<String, AttributeValue> addressClaim = RegisteredClientItem.addressClaimKey(old.address());
        Map<String, AttributeValue> nameClaim = RegisteredClientItem.nameClaimKey(old.name());
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(
                    delete(RegisteredClientItem.key(old.key()), PRESENT, PK, Map.of()),
                    put(RegisteredClientItem.toItem(next), ReturnValuesOnConditionCheckFailure.ALL_OLD),
                    replaceClaim(addressClaim, old, next),
                    replaceClaim(nameClaim, old, next)));
            return next;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            String why = code(reasons, 0).equals(CONDITION_FAILED) ? "it was removed or rotated meanwhile"
                    : code(reasons, 1).equals(CONDITION_FAILED) ? "the key " + key.shortForm() + " was registered meanwhile"
                      + registeredAs(reasons.get(1))
                    : code(reasons, 2).equals(CONDITION_FAILED) ? "the claim on " + old.address() + " names another key"
                    : code(reasons, 3).equals(CONDITION_FAILED) ? "the claim on the name names another key"
                    : "another write to it was in flight";
            throw new RegistryBusyException("client " + name + " not rotated, " + why + ": nothing written;"
                    + " see `wg-roam client list`");
        }
    }

    /**
     * Registers every client of {@code clients} at the address it has, after checking them all
     * against each other and the registry ({@link RegistryChecks#importPlan}): one problem anywhere
     * and nothing is written. Clients registered exactly so already are left as they are, so a
     * re-run changes nothing. Written {@value #CLIENTS_PER_TRANSACTION} clients a transaction; when
     * a write made since the check collides with one, the transactions before it stay written and
     * the message says how many — running the same import again finishes it.
     */
    public ImportResult importClients(List<ImportedClient> clients) {
        RegistryChecks.ImportPlan plan = RegistryChecks.importPlan(read(), clients);
        Instant createdAt = now();
        List<RegisteredClient> added = new ArrayList<>();
        List<ImportedClient> toAdd = plan.toAdd();
        for (int from = 0; from < toAdd.size(); from += CLIENTS_PER_TRANSACTION) {
            List<RegisteredClient> chunk = toAdd.subList(from, Math.min(toAdd.size(), from + CLIENTS_PER_TRANSACTION))
                    .stream().map(c -> new RegisteredClient(c.key(), c.address(), c.name(), createdAt)).toList();
            List<TransactWriteItem> writes = new ArrayList<>();
            chunk.forEach(c -> writes.addAll(puts(c)));
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(writes));
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                int failed = 0;
                while (failed < reasons.size() && "None".equals(reasons.get(failed).code())) {
                    failed++;
                }
                String which = failed < reasons.size() ? chunk.get(failed / 3).name() + " ("
                        + List.of("key", "address", "name").get(failed % 3) + ")" : "a client";
                throw new RegistryBusyException("import stopped at " + which + ", taken by a write made since the check: "
                        + added.size() + " of " + toAdd.size() + " new clients were written; run the import again to finish");
            }
            added.addAll(chunk);
        }
        return new ImportResult(added, plan.unchanged());
    }

    /** What an import did: the clients it registered, and those it found registered exactly so. */
    public record ImportResult(List<RegisteredClient> added, List<RegisteredClient> unchanged) {
        public ImportResult {
            added = List.copyOf(added);
            unchanged = List.copyOf(unchanged);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The client, its address claim and its name claim, each only where nothing is yet. */
    private List<TransactWriteItem> puts(RegisteredClient c) {
        return List.of(
                put(RegisteredClientItem.toItem(c), ReturnValuesOnConditionCheckFailure.ALL_OLD),
                put(RegisteredClientItem.claimItem(RegisteredClientItem.addressClaimKey(c.address()), c),
                        ReturnValuesOnConditionCheckFailure.NONE),
                put(RegisteredClientItem.claimItem(RegisteredClientItem.nameClaimKey(c.name()), c),
                        ReturnValuesOnConditionCheckFailure.NONE));
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, ReturnValuesOnConditionCheckFailure onFailure) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression(ABSENT).expressionAttributeNames(PK)
                .returnValuesOnConditionCheckFailure(onFailure).build()).build();
    }

    /** Deletes a claim that is absent or holds exactly what {@code client}'s add wrote into it. */
    private TransactWriteItem deleteClaim(Map<String, AttributeValue> claimKey, RegisteredClient client) {
        ClaimCondition c = ClaimCondition.of(claimKey, client);
        return delete(claimKey, c.expression(), c.names(), c.values());
    }

    /** Puts {@code next}'s claim where the claim is absent or holds exactly what {@code old}'s add wrote. */
    private TransactWriteItem replaceClaim(Map<String, AttributeValue> claimKey, RegisteredClient old, RegisteredClient next) {
        ClaimCondition c = ClaimCondition.of(claimKey, old);
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(RegisteredClientItem.claimItem(claimKey, next)).conditionExpression(c.expression())
                .expressionAttributeNames(c.names()).expressionAttributeValues(c.values()).build()).build();
    }

    /** "Absent, or every attribute as {@code client}'s claim has it", with its names and values. */
    private record ClaimCondition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        static ClaimCondition of(Map<String, AttributeValue> claimKey, RegisteredClient client) {
            Map<String, String> names = new HashMap<>(PK);
            Map<String, AttributeValue> values = new HashMap<>();
            List<String> equal = new ArrayList<>();
            RegisteredClientItem.claimItem(claimKey, client).forEach((attribute, value) -> {
                if (!claimKey.containsKey(attribute)) {
                    String n = "#a" + names.size();
                    String v = ":v" + values.size();
                    names.put(n, attribute);
                    values.put(v, value);
                    equal.add(n + " = " + v);
                }
            });
            return new ClaimCondition(ABSENT + " OR (" + String.join(" AND ", equal) + ")", names, values);
        }
    }

    private TransactWriteItem delete(Map<String, AttributeValue> key, String condition, Map<String, String> names,
                                     Map<String, AttributeValue> values) {
        Delete.Builder delete = Delete.builder().tableName(table).key(key).conditionExpression(condition)
                .expressionAttributeNames(names);
        if (!values.isEmpty()) {
            delete.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().delete(delete.build()).build();
    }

    /** The cancellation code of the {@code index}th write; empty when DynamoDB gave none. */
    private static String code(List<CancellationReason> reasons, int index) {
        return index < reasons.size() && reasons.get(index).code() != null ? reasons.get(index).code() : "";
    }

    /** " as NAME at ADDRESS" from the client item a failed condition returned; empty when it did not decode. */
    private static String registeredAs(CancellationReason reason) {
        if (reason.item() == null || reason.item().isEmpty()) {
            return "";
        }
        try {
            RegisteredClient c = RegisteredClientItem.fromItem(reason.item());
            return " as " + c.name() + " at " + c.address();
        } catch (MalformedItemException e) {
            return "";
        }
    }
}
