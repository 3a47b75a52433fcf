package dev.wgroam.table;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The single table, in one place. Keys (one writer per item, see docs/TABLE.md):
 *
 * <pre>
 * kind         pk                      sk                        listKey    listSort       writer
 * observation  node#&lt;node id&gt;          observation#&lt;client key&gt; -          -              that node
 * node         node#&lt;node id&gt;          node                      -          -              that node
 * owner        owner#client#&lt;key&gt;      owner                     owners     client#&lt;key&gt;   ownership function
 *              owner#vpc#&lt;prefix&gt;      owner                     owners     vpc#&lt;prefix&gt;
 * status       status#&lt;node id&gt;        status                    statuses   node#&lt;node id&gt; failover function
 * fleet        fleet                   settings                  -          -              operator
 * approval     approval#&lt;node id&gt;      approval                  approvals  node#&lt;node id&gt; operator
 * client       client#&lt;key&gt;            client                    clients    client#&lt;key&gt;   operator
 * claim        address#&lt;a.b.c.d/32&gt;    claim                     -          -              operator
 *              clientname#&lt;name&gt;       claim                     -          -              operator
 * </pre>
 *
 * A node writes only items whose partition key is {@code node#<its id>} (on EC2 its instance ARN,
 * confined by IAM with {@code dynamodb:LeadingKeys}), and only the attributes in
 * {@link #NODE_WRITTEN_ATTRIBUTES} (confined with {@code dynamodb:Attributes}): no list key, so
 * nothing a node writes is ever in the {@value #LIST_INDEX} index. Readers take node items by
 * exact key, one per approved node, so what a node piles into its own partition costs no one else
 * a read.
 */
public final class TableSchema {

    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    public static final String KIND = "kind";
    public static final String LIST_KEY = "listKey";
    public static final String LIST_SORT = "listSort";
    public static final String LIST_INDEX = "lists";

    /** Who wrote or is meant by an item, on every kind but owner: id, name and region of a node. */
    static final String NODE = "node";
    static final String NODE_NAME = "nodeName";
    static final String REGION = "region";

    /** Suffix of the ISO-8601 twin of every epoch-seconds attribute: {@code heartbeat}, {@code heartbeatUtc}. */
    public static final String UTC_SUFFIX = "Utc";

    /** Year 9999; anything later in an epoch attribute is garbage, not a time. */
    static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    static final String NODE_PREFIX = "node#";
    static final String OWNER_PREFIX = "owner#";
    static final String STATUS_PREFIX = "status#";
    static final String OBSERVATION_PREFIX = "observation#";
    static final String CLIENT_PREFIX = "client#";
    static final String APPROVAL_PREFIX = "approval#";
    static final String ADDRESS_CLAIM_PREFIX = "address#";
    static final String NAME_CLAIM_PREFIX = "clientname#";

    /** listKey of the owner items. */
    public static final String OWNERS = "owners";
    /** listKey of the node status items. */
    public static final String STATUSES = "statuses";
    /** listKey of the node approvals. */
    public static final String APPROVALS = "approvals";
    /** listKey of the registered clients. */
    public static final String CLIENTS = "clients";

    /**
     * Every attribute a node's agent writes, and all that the node role's IAM policy lets it write
     * ({@code dynamodb:Attributes}): the keys, the kind, and what its node record and observations hold.
     */
    public static final java.util.List<String> NODE_WRITTEN_ATTRIBUTES = java.util.List.of(
            PARTITION_KEY, SORT_KEY, KIND, "node",
            "backboneKey", "backboneAddress", "backboneEndpoint", "heartbeat", "heartbeatUtc", "agentVersion",
            "appliedRoutes", "appliedVersionSum", "appliedAt", "appliedAtUtc",
            "client", "latestHandshake", "latestHandshakeUtc", "endpoint", "rxBytes", "txBytes",
            "observedAt", "observedAtUtc", "expiresAt");

    private TableSchema() {
    }

    /**
     * The table as local mode and the tests create it; {@code template.yaml} declares the same
     * keys, index and stream for AWS.
     */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        stringAttribute(PARTITION_KEY), stringAttribute(SORT_KEY),
                        stringAttribute(LIST_KEY), stringAttribute(LIST_SORT))
                .keySchema(key(PARTITION_KEY, KeyType.HASH), key(SORT_KEY, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(LIST_INDEX)
                        .keySchema(key(LIST_KEY, KeyType.HASH), key(LIST_SORT, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .build())
                .build();
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
