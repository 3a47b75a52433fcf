package dev.wgroam.fleet;

import dev.wgroam.routes.Cidr;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a node's agent says of itself, and only what only the node knows: its backbone key, address
 * and endpoint as configured on it, that it is alive, its agent version and what it last applied.
 * What it may route — region, VPC CIDRs, accelerator endpoint — is the operator's approval; the key
 * and address here are believed only when they match the approval's.
 */
public record NodeRecord(NodeId node, PeerKey backboneKey, Cidr backboneAddress, Endpoint backboneEndpoint,
                         Instant heartbeat, String agentVersion, AppliedRoutes applied) {

    private static final Pattern AGENT_VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}");

    public NodeRecord {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(backboneKey, "backboneKey");
        Objects.requireNonNull(backboneAddress, "backboneAddress");
        Objects.requireNonNull(backboneEndpoint, "backboneEndpoint");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(applied, "applied");
        checkBackboneAddress(backboneAddress);
        checkAgentVersion(agentVersion);
    }

    public static Cidr checkBackboneAddress(Cidr address) {
        if (!address.isHost()) {
            throw new IllegalArgumentException("a backbone address is a /32, not " + address);
        }
        return address;
    }

    public static String checkAgentVersion(String version) {
        if (version == null || !AGENT_VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not an agent version: " + Printable.quote(version));
        }
        return version;
    }
}
