package dev.wgroam.agent.table;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Owner;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.table.FleetSettingsItem;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.MalformedItems;
import dev.wgroam.table.NodeApprovalItem;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.RegisteredClientItem;
import dev.wgroam.table.TableSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table as items, in memory: what the operator, the functions and the nodes write goes in as
 * the items their codecs make, and every read decodes them with the same codecs, by the same keys
 * and lists as {@link DynamoAgentTable} — so a forged item reaches the agent exactly as it would
 * from DynamoDB, and one that does not decode is skipped and counted. While {@link #failReadsWith}
 * or {@link #failWritesWith} is set, reads or writes throw it (an unreachable table, or worse).
 */
public final class InMemoryTable implements AgentTable {

    private final Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
    /** What the agent put, in order; read it while holding this table's lock, or once the agent is closed. */
    public final List<Map<String, AttributeValue>> written = new ArrayList<>();
    /** While set (a RuntimeException or an Error), every put of the agent throws it. */
    public volatile Throwable failWritesWith;
    /** While set (a RuntimeException or an Error), every read throws it. */
    public volatile Throwable failReadsWith;
    /** The nodes whose records the last {@link #nodeRecords} call asked for. */
    public volatile List<NodeId> recordsAsked = List.of();
    private int reads;

    private static String key(Map<String, AttributeValue> item) {
        return item.get(TableSchema.PARTITION_KEY).s() + "\u0000" + item.get(TableSchema.SORT_KEY).s();
    }

    @Override
    public synchronized void put(Map<String, AttributeValue> item) {
        rethrow(failWritesWith);
        written.add(item);
        items.put(key(item), item);
    }

    /** Writes an item as its writer would (the operator, a function, a node), not as this agent. */
    public synchronized InMemoryTable write(Map<String, AttributeValue> item) {
        items.put(key(item), item);
        return this;
    }

    public synchronized InMemoryTable delete(Map<String, AttributeValue> primaryKey) {
        items.remove(key(primaryKey));
        return this;
    }

    public InMemoryTable settings(FleetSettings settings) {
        return write(FleetSettingsItem.toItem(settings, Instant.EPOCH));
    }

    public InMemoryTable approve(NodeApproval approval) {
        return write(NodeApprovalItem.toItem(approval));
    }

    public InMemoryTable register(RegisteredClient client) {
        return write(RegisteredClientItem.toItem(client));
    }

    public InMemoryTable owner(Owner owner) {
        return write(OwnerItem.toItem(owner));
    }

    public InMemoryTable record(NodeRecord record) {
        return write(NodeRecordItem.toItem(record));
    }

    public synchronized int writes() {
        return written.size();
    }

    /** How many reads were asked for, failed ones included. */
    public synchronized int reads() {
        return reads;
    }

    @Override
    public synchronized TableRead<Registry> registry() {
        failIfAsked();
        MalformedItems malformed = new MalformedItems();
        Map<String, AttributeValue> settingsItem = items.get(key(FleetSettingsItem.KEY));
        FleetSettings settings = null;
        if (settingsItem != null) {
            settings = decoded(List.of(settingsItem), FleetSettingsItem::fromItem, malformed).stream().findFirst().orElse(null);
        }
        Registry registry = Registry.of(settings,
                decoded(listed(TableSchema.APPROVALS), NodeApprovalItem::fromItem, malformed),
                decoded(listed(TableSchema.CLIENTS), RegisteredClientItem::fromItem, malformed));
        return new TableRead<>(registry, malformed);
    }

    @Override
    public synchronized TableRead<List<Owner>> owners() {
        failIfAsked();
        MalformedItems malformed = new MalformedItems();
        return new TableRead<>(decoded(listed(TableSchema.OWNERS), OwnerItem::fromItem, malformed), malformed);
    }

    @Override
    public synchronized TableRead<Optional<NodeStatus>> status(NodeId node) {
        failIfAsked();
        MalformedItems malformed = new MalformedItems();
        Map<String, AttributeValue> item = items.get(key(NodeStatusItem.key(node)));
        return new TableRead<>(item == null ? Optional.empty()
                : decoded(List.of(item), NodeStatusItem::fromItem, malformed).stream().findFirst(), malformed);
    }

    public InMemoryTable status(NodeStatus status) {
        return write(NodeStatusItem.toItem(status));
    }

    @Override
    public synchronized TableRead<List<NodeRecord>> nodeRecords(Collection<NodeId> nodes) {
        failIfAsked();
        recordsAsked = List.copyOf(nodes);
        MalformedItems malformed = new MalformedItems();
        List<Map<String, AttributeValue>> found = nodes.stream().distinct()
                .map(n -> items.get(key(NodeRecordItem.key(n)))).filter(i -> i != null).toList();
        return new TableRead<>(decoded(found, NodeRecordItem::fromItem, malformed), malformed);
    }

    private void failIfAsked() {
        reads++;
        rethrow(failReadsWith);
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private List<Map<String, AttributeValue>> listed(String listKey) {
        return items.values().stream().filter(i -> i.containsKey(TableSchema.LIST_KEY)
                && listKey.equals(i.get(TableSchema.LIST_KEY).s())).toList();
    }

    private static <T> List<T> decoded(List<Map<String, AttributeValue>> found,
                                       Function<Map<String, AttributeValue>, T> codec, MalformedItems malformed) {
        List<T> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : found) {
            try {
                out.add(codec.apply(item));
            } catch (MalformedItemException e) {
                malformed.accept(e);
            }
        }
        return out;
    }
}
