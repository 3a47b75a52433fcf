package dev.wgroam.fleet;

import dev.wgroam.routes.Cidr;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a node's agent says of itself: where it is, how to reach it over the backbone, which VPC
 * prefixes it can serve, that it is alive, and what it last applied.
 *
 * @param gaEndpointId the node's Global Accelerator endpoint id (its instance id); empty when it has none
 * @param vpcPrimary   whether this node is its region's preferred owner of the VPC prefixes
 */
public record NodeRecord(NodeId node, NodeName nodeName, Region region, PeerKey backboneKey, Cidr backboneAddress,
                         Endpoint backboneEndpoint, List<Cidr> vpcPrefixes, boolean vpcPrimary, String gaEndpointId,
                         Instant heartbeat, String agentVersion, AppliedRoutes applied) {

    private static final Pattern GA_ENDPOINT_ID = Pattern.compile("|[A-Za-z0-9][A-Za-z0-9._:/-]{0,255}");
    private static final Pattern AGENT_VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}");

    public NodeRecord {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(backboneKey, "backboneKey");
        Objects.requireNonNull(backboneAddress, "backboneAddress");
        Objects.requireNonNull(backboneEndpoint, "backboneEndpoint");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(applied, "applied");
        vpcPrefixes = List.copyOf(vpcPrefixes);
        checkBackboneAddress(backboneAddress);
        checkGaEndpointId(gaEndpointId);
        checkAgentVersion(agentVersion);
    }

    public static Cidr checkBackboneAddress(Cidr address) {
        if (!address.isHost()) {
            throw new IllegalArgumentException("a backbone address is a /32, not " + address);
        }
        return address;
    }

    public static String checkGaEndpointId(String id) {
        if (id == null || !GA_ENDPOINT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a Global Accelerator endpoint id: " + Printable.quote(id));
        }
        return id;
    }

    public static String checkAgentVersion(String version) {
        if (version == null || !AGENT_VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not an agent version: " + Printable.quote(version));
        }
        return version;
    }
}
