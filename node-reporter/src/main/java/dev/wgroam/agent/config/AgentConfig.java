package dev.wgroam.agent.config;

import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.ClientOwnership;
import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the agent reads from its configuration, validated once at start-up. Built from one
 * map (the config file overlaid with {@code WGROAM_*} environment variables, see {@link ConfigSource}),
 * so tests pass a map and nothing else reads the environment.
 *
 * <p>What the node may route — its VPC CIDRs, whether it is its region's primary, its accelerator
 * endpoint — is not configured here: it is the operator's approval in the table, which every node
 * believes over anything a node says. The backbone address is configured because it is what the
 * interface has; the node record reports it, and others believe it only when the approval agrees.
 *
 * @param dynamoDbEndpoint  an endpoint override (DynamoDB Local); null means the regional AWS endpoint
 * @param cloudWatchEndpoint an endpoint override (moto); null means the regional AWS endpoint
 */
public record AgentConfig(
        NodeId nodeId,
        NodeName nodeName,
        Region region,
        String table,
        InterfaceName clientsInterface,
        InterfaceName backboneInterface,
        Cidr backboneAddress,
        Endpoint backboneEndpoint,
        Duration pollInterval,
        Duration lease,
        Duration reconcileInterval,
        Duration heartbeatInterval,
        Duration skewMargin,
        Duration backboneHandshakeMaxAge,
        int healthPort,
        Path controlSocket,
        String metricNamespace,
        URI dynamoDbEndpoint,
        URI cloudWatchEndpoint) {

    public AgentConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(backboneAddress, "backboneAddress");
        Objects.requireNonNull(backboneEndpoint, "backboneEndpoint");
    }

    /** The non-secret effective values, one line, for the start-up log. */
    public String summary() {
        return "node=" + nodeId + " name=" + nodeName + " region=" + region + " table=" + table
                + " clients=" + clientsInterface + " backbone=" + backboneInterface + " backboneAddress=" + backboneAddress
                + " backboneEndpoint=" + backboneEndpoint
                + " poll=" + pollInterval + " lease=" + lease + " reconcile=" + reconcileInterval
                + " heartbeat=" + heartbeatInterval + " healthPort=" + healthPort + " controlSocket=" + controlSocket
                + " metricNamespace=" + metricNamespace
                + (dynamoDbEndpoint == null ? "" : " dynamoDbEndpoint=" + dynamoDbEndpoint)
                + (cloudWatchEndpoint == null ? "" : " cloudWatchEndpoint=" + cloudWatchEndpoint);
    }

    /** Every key the agent reads, with its default; a key without a default is required. */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("clients.interface", "clients"),
            Map.entry("backbone.interface", "backbone"),
            Map.entry("poll.interval", "1s"),
            Map.entry("lease", "15m"),
            Map.entry("reconcile.interval", "30s"),
            Map.entry("heartbeat.interval", "60s"),
            Map.entry("skew.margin", ClientOwnership.DEFAULT_SKEW_MARGIN.toSeconds() + "s"),
            Map.entry("health.backbone.max.age", "5m"),
            Map.entry("health.port", "51819"),
            Map.entry("control.socket", "/run/wg-roam/agent.sock"),
            Map.entry("metric.namespace", "wg-roam"),
            Map.entry("table", "wg-roam"),
            Map.entry("dynamodb.endpoint", ""),
            Map.entry("cloudwatch.endpoint", ""));

    /** Keys earlier versions read, and where their values come from now. */
    public static final Map<String, String> RETIRED = Map.of(
            "vpc.prefixes", "the VPC CIDRs this node serves are its approval's (wg-roam node approve --vpc)",
            "vpc.primary", "whether this node is its region's primary is its approval's (wg-roam node approve --primary)",
            "ga.endpoint.id", "the accelerator endpoint is the approval's, the instance id of the node's ARN");

    /** Keys without a default: on EC2, node.id and region come from instance metadata when not set. */
    public static final List<String> REQUIRED = List.of(
            "node.id", "node.name", "region", "backbone.address", "backbone.endpoint");
}
