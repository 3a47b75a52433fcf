package dev.wgroam.table;

import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeState;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.PrefixRules;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

/**
 * Generators of valid records of every kind, built from the value types' own grammar (not from
 * the codec): times at whole seconds up to year 9999, optional parts both present and absent.
 */
final class Records {

    /** 9999-12-31T23:59:59Z, the last second an item may hold (GNU date). */
    static final long LAST_SECOND = 253_402_300_799L;
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Records() {
    }

    /** The record generators as named providers: {@code @ForAll("observations")} and so on in any test that implements this. */
    interface Providers {

        @Provide
        default Arbitrary<Observation> observations() {
            return Records.observations();
        }

        @Provide
        default Arbitrary<NodeRecord> nodeRecords() {
            return Records.nodeRecords();
        }

        @Provide
        default Arbitrary<Owner> owners() {
            return Records.owners();
        }

        @Provide
        default Arbitrary<NodeStatus> statuses() {
            return Records.statuses();
        }

        @Provide
        default Arbitrary<FleetSettings> fleetSettings() {
            return Records.fleetSettings();
        }

        @Provide
        default Arbitrary<NodeApproval> approvals() {
            return Records.approvals();
        }

        @Provide
        default Arbitrary<RegisteredClient> clients() {
            return Records.clients();
        }
    }

    private static Arbitrary<String> word(String first, String rest, int maxRest) {
        return Combinators.combine(Arbitraries.of(first.chars().mapToObj(c -> String.valueOf((char) c)).toList()),
                        Arbitraries.strings().withChars(rest).ofMaxLength(maxRest))
                .as(String::concat);
    }

    static Arbitrary<NodeId> nodeIds() {
        Arbitrary<String> local = word(ALNUM, ALNUM + "._:/-", 127);
        Arbitrary<String> arn = Combinators.combine(regionNames(),
                        Arbitraries.strings().withChars("0123456789abcdef").ofLength(17))
                .as((region, hex) -> "arn:aws:ec2:" + region + ":123456789012:instance/i-" + hex);
        return Arbitraries.oneOf(local, arn, Arbitraries.of("node-a", "node-b", "i-0abc")).map(NodeId::new);
    }

    static Arbitrary<NodeName> nodeNames() {
        return word(ALNUM, ALNUM + "._-", 62).map(NodeName::new);
    }

    private static Arbitrary<String> regionNames() {
        Arbitrary<String> generated = Combinators.combine(
                        Arbitraries.strings().withCharRange('a', 'z').ofLength(2),
                        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.integers().between(0, 99))
                .as((area, words, number) -> area + "-" + String.join("-", words) + "-" + number);
        return Arbitraries.oneOf(generated, Arbitraries.of("eu-west-1", "us-east-1", "ap-southeast-2", "us-gov-west-1"));
    }

    static Arbitrary<Region> regions() {
        return regionNames().map(Region::new);
    }

    static Arbitrary<PeerKey> peerKeys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(PeerKey::of);
    }

    static Arbitrary<Cidr> cidrs() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
                .as((address, length) -> new Cidr(length == 0 ? 0 : address & (-1 << (32 - length)), length));
    }

    static Arbitrary<Cidr> hosts() {
        return Arbitraries.integers().map(address -> new Cidr(address, 32));
    }

    static Arbitrary<Endpoint> endpoints() {
        Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
        Arbitrary<String> ipv4 = Combinators.combine(octet, octet, octet, octet).as((a, b, c, d) -> a + "." + b + "." + c + "." + d);
        Arbitrary<String> ipv6 = Arbitraries.integers().between(0, 0xffff).map(n -> "[2001:db8::" + Integer.toHexString(n) + "]");
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .list().ofMinSize(1).ofMaxSize(4).map(labels -> String.join(".", labels));
        return Combinators.combine(Arbitraries.oneOf(ipv4, ipv6, name), Arbitraries.integers().between(1, 65535))
                .as(Endpoint::new);
    }

    static Arbitrary<Instant> times() {
        return Arbitraries.longs().between(0, LAST_SECOND).map(Instant::ofEpochSecond);
    }

    static Arbitrary<Long> counters() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    private static Arbitrary<Tuple3<NodeId, NodeName, Region>> identities() {
        return Combinators.combine(nodeIds(), nodeNames(), regions()).as(Tuple::of);
    }

    static Arbitrary<Observation> observations() {
        return Combinators.combine(nodeIds(), peerKeys(), times(), endpoints(), counters(), counters(), times())
                .as(Observation::new);
    }

    static Arbitrary<NodeRecord> nodeRecords() {
        Arbitrary<String> agentVersions = word(ALNUM, ALNUM + ".+_-", 39);
        Arbitrary<AppliedRoutes> applied = Combinators.combine(
                        Arbitraries.integers().between(0, Integer.MAX_VALUE), counters(), times())
                .as(AppliedRoutes::new);
        return Combinators.combine(nodeIds(), peerKeys(), hosts(), endpoints(), times(), agentVersions, applied)
                .as(NodeRecord::new);
    }

    /** Prefixes any approval or setting may name: {@link PrefixRules} lets them through. */
    static Arbitrary<Cidr> routableCidrs() {
        return cidrs().filter(c -> PrefixRules.refusal(c).isEmpty());
    }

    static Arbitrary<FleetSettings> fleetSettings() {
        Arbitrary<String> accelerators = Arbitraries.oneOf(
                endpoints().filter(e -> !e.host().startsWith("[")).map(Endpoint::host),
                Arbitraries.of("a1234567890abcdef.awsglobalaccelerator.com", "75.2.60.5"));
        return Combinators.combine(routableCidrs(), routableCidrs(), accelerators)
                .filter((client, backbone, accelerator) -> !client.overlaps(backbone))
                .as(FleetSettings::new);
    }

    /**
     * Approvals as the operator may write them: an instance ARN's approval names the ARN's region
     * and, when it has one, the ARN's instance as its accelerator endpoint; other ids any of both.
     */
    static Arbitrary<NodeApproval> approvals() {
        Arbitrary<String> gaEndpointIds = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(2, word(ALNUM, ALNUM + "._:/-", 255)));
        Arbitrary<Tuple3<NodeId, Region, String>> placed = Combinators.combine(nodeIds(), regions(), gaEndpointIds,
                        Arbitraries.of(true, false))
                .as((node, region, ga, behindAccelerator) -> {
                    NodeApproval.Implied implied = NodeApproval.impliedBy(node);
                    if (implied.region().isEmpty()) {
                        return Tuple.of(node, region, ga);
                    }
                    return Tuple.of(node, new Region(implied.region()), behindAccelerator ? implied.gaEndpointId() : "");
                });
        Arbitrary<List<Cidr>> vpcCidrs = routableCidrs().list().ofMaxSize(NodeApproval.MAX_VPC_CIDRS);
        Arbitrary<Cidr> backboneAddresses = hosts().filter(c -> PrefixRules.refusal(c).isEmpty());
        return Combinators.combine(placed, nodeNames(), vpcCidrs, peerKeys(), backboneAddresses,
                        Arbitraries.of(true, false), times())
                .as((where, name, cidrs, key, address, primary, approvedAt) -> new NodeApproval(where.get1(), name,
                        where.get2(), cidrs, key, address, primary, where.get3(), approvedAt));
    }

    static Arbitrary<ClientName> clientNames() {
        return word(ALNUM, ALNUM + "._-", 62).map(ClientName::new);
    }

    static Arbitrary<RegisteredClient> clients() {
        return Combinators.combine(peerKeys(), hosts(), clientNames(), times()).as(RegisteredClient::new);
    }

    static Arbitrary<Owner> clientOwners() {
        return Combinators.combine(peerKeys(), cidrs(), nodeIds(), nodeNames(), times(), versions(), times(),
                        nodeIds().injectNull(0.3))
                .as((key, prefix, node, name, handshake, version, changedAt, previous) -> new Owner(
                        new Subject.Client(key), prefix, node, name, handshake, version, changedAt, previous));
    }

    /** A VPC prefix has no handshake: its owner's handshake is the epoch (see {@link Owner}). */
    static Arbitrary<Owner> vpcOwners() {
        return Combinators.combine(cidrs(), nodeIds(), nodeNames(), versions(), times(), nodeIds().injectNull(0.3))
                .as((prefix, node, name, version, changedAt, previous) -> new Owner(
                        new Subject.Vpc(prefix), prefix, node, name, Instant.EPOCH, version, changedAt, previous));
    }

    static Arbitrary<Owner> owners() {
        return Arbitraries.oneOf(clientOwners(), vpcOwners());
    }

    private static Arbitrary<Long> versions() {
        return Arbitraries.longs().between(1, RouteEntry.MAX_VERSION);
    }

    static Arbitrary<NodeStatus> statuses() {
        Arbitrary<String> reasons = Arbitraries.strings()
                .withCharRange(' ', '~').withCharRange('\u00a0', '\u00ff').withCharRange('\u4e00', '\u4e3f')
                .ofMaxLength(1024);
        return Combinators.combine(identities(), Arbitraries.of(NodeState.class), reasons, times(),
                        Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255))
                .as((id, state, reason, since, restoreWeight, weight) -> new NodeStatus(
                        id.get1(), id.get2(), id.get3(), state, reason, since, restoreWeight, weight));
    }
}
