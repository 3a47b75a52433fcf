package dev.wgroam.registry;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.PrefixRules;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's approval of one node: what it may route and how the fleet knows it. The backbone
 * key and address are pinned here, so a node record that names another key is not believed. For
 * an EC2 instance ARN the region is the ARN's region and the accelerator endpoint the ARN's
 * instance id; no approval can say otherwise.
 *
 * @param vpcCidrs     the VPC CIDRs this node may serve (its region's VPC; an HA pair shares them)
 * @param primary      whether this node is its region's preferred owner of those CIDRs
 * @param gaEndpointId its Global Accelerator endpoint id; empty when it sits behind none
 */
public record NodeApproval(NodeId node, NodeName name, Region region, List<Cidr> vpcCidrs, PeerKey backboneKey,
                           Cidr backboneAddress, boolean primary, String gaEndpointId, Instant approvedAt) {

    /** {@code arn:aws:ec2:<region>:<account>:instance/<instance id>}, any partition. */
    private static final Pattern INSTANCE_ARN =
            Pattern.compile("arn:aws[a-z-]*:ec2:([a-z0-9-]+):[0-9]{12}:instance/(i-[0-9a-f]{8,17})");
    private static final Pattern GA_ENDPOINT_ID = Pattern.compile("|[A-Za-z0-9][A-Za-z0-9._:/-]{0,255}");
    /** A node serves a handful of VPC CIDRs; a bound keeps every consumer's work bounded too. */
    public static final int MAX_VPC_CIDRS = 16;

    public NodeApproval {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(backboneKey, "backboneKey");
        Objects.requireNonNull(backboneAddress, "backboneAddress");
        Objects.requireNonNull(approvedAt, "approvedAt");
        vpcCidrs = List.copyOf(vpcCidrs.stream().sorted().distinct().toList());
        if (vpcCidrs.size() > MAX_VPC_CIDRS) {
            throw new IllegalArgumentException("at most " + MAX_VPC_CIDRS + " VPC CIDRs per node, not " + vpcCidrs.size());
        }
        vpcCidrs.forEach(PrefixRules::check);
        if (!backboneAddress.isHost()) {
            throw new IllegalArgumentException("a backbone address is a /32, not " + backboneAddress);
        }
        PrefixRules.check(backboneAddress);
        checkGaEndpointId(gaEndpointId);
        Matcher arn = INSTANCE_ARN.matcher(node.value());
        if (arn.matches()) {
            if (!arn.group(1).equals(region.name())) {
                throw new IllegalArgumentException("node " + node + " is in " + arn.group(1) + ", not " + region);
            }
            if (!gaEndpointId.isEmpty() && !gaEndpointId.equals(arn.group(2))) {
                throw new IllegalArgumentException("node " + node + " is the accelerator endpoint " + arn.group(2)
                        + ", not " + Printable.quote(gaEndpointId));
            }
        }
    }

    /** {@code id} itself if it may name an accelerator endpoint (empty for none); throws {@link IllegalArgumentException} otherwise. */
    public static String checkGaEndpointId(String id) {
        if (id == null || !GA_ENDPOINT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a Global Accelerator endpoint id: " + Printable.quote(id));
        }
        return id;
    }

    /** The region and accelerator endpoint an EC2 instance ARN implies; empty fields for other ids. */
    public record Implied(String region, String gaEndpointId) {
    }

    public static Implied impliedBy(NodeId node) {
        Matcher arn = INSTANCE_ARN.matcher(node.value());
        return arn.matches() ? new Implied(arn.group(1), arn.group(2)) : new Implied("", "");
    }
}
