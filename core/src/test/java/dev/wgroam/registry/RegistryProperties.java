package dev.wgroam.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.PrefixRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * What every believed registry guarantees, whatever the operator wrote. Entries are drawn from
 * small pools so that shared keys, shared addresses, HA pairs and overlaps are common.
 */
class RegistryProperties {

    record Input(FleetSettings settings, List<NodeApproval> approvals, List<RegisteredClient> clients) {
        Registry registry() {
            return Registry.of(settings, approvals, clients);
        }
    }

    private static final List<String> VPC_POOL = List.of("172.31.0.0/16", "172.31.128.0/17", "172.16.0.0/12",
            "10.8.0.0/16", "10.9.0.0/16", "192.168.0.0/24", "10.50.4.0/24", "10.99.0.0/25", "10.0.0.0/8");

    @Provide
    Arbitrary<Input> inputs() {
        Arbitrary<FleetSettings> settings = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(Entries.SETTINGS)),
                Tuple.of(1, Arbitraries.just(new FleetSettings(Cidr.parse("100.64.0.0/16"), Cidr.parse("10.99.0.0/28"),
                        "75.2.60.5"))),
                Tuple.of(1, Arbitraries.just((FleetSettings) null)));
        Arbitrary<NodeApproval> approval = Combinators.combine(
                        Arbitraries.of("n1", "n2", "n3", "n4", "n5", "n6"),
                        Arbitraries.frequency(Tuple.of(3, "eu-west-1"), Tuple.of(1, "us-east-1")),
                        Arbitraries.integers().between(1, 5),
                        Arbitraries.of("10.99.0.1/32", "10.99.0.2/32", "10.99.0.3/32", "10.99.0.4/32", "10.99.0.5/32",
                                "10.99.0.6/32", "10.99.0.77/32", "10.98.0.1/32"),
                        Arbitraries.of(VPC_POOL).list().ofMaxSize(3))
                .as((node, region, key, address, vpcs) -> Entries.approval(node, region, key, address,
                        vpcs.toArray(String[]::new)));
        Arbitrary<RegisteredClient> client = Combinators.combine(
                        Arbitraries.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot"),
                        Arbitraries.integers().between(1, 6),
                        Arbitraries.of("10.50.0.1/32", "10.50.0.2/32", "10.50.0.3/32", "10.50.0.4/32", "10.50.0.5/32",
                                "10.50.0.6/32", "100.64.0.1/32", "10.60.0.1/32"))
                .as(Entries::client);
        return Combinators.combine(settings, approval.list().ofMaxSize(7), client.list().ofMaxSize(8)).as(Input::new);
    }

    @Property
    void resultDoesNotDependOnInputOrder(@ForAll("inputs") Input input, @ForAll Random random) {
        List<NodeApproval> approvals = new ArrayList<>(input.approvals());
        List<RegisteredClient> clients = new ArrayList<>(input.clients());
        Collections.shuffle(approvals, random);
        Collections.shuffle(clients, random);
        Registry original = input.registry();
        Registry shuffled = Registry.of(input.settings(), approvals, clients);

        assertEquals(original.settings(), shuffled.settings());
        assertEquals(original.approvals(), shuffled.approvals());
        assertEquals(original.clients(), shuffled.clients());
        assertEquals(original.refusals(), shuffled.refusals());
    }

    @Property
    void withoutSettingsNothingIsBelieved(@ForAll("inputs") Input input) {
        Registry registry = input.registry();
        if (input.settings() == null) {
            assertTrue(registry.approvals().isEmpty());
            assertTrue(registry.clients().isEmpty());
            assertEquals(input.approvals().isEmpty() && input.clients().isEmpty(), registry.refusals().isEmpty());
        }
    }

    @Property
    void believedClientsLieInsideTheClientCidrAndNoTwoShareAnAddress(@ForAll("inputs") Input input) {
        Registry registry = input.registry();
        Set<Cidr> addresses = new HashSet<>();
        registry.clients().forEach((key, c) -> {
            assertEquals(key, c.key());
            assertTrue(input.clients().contains(c), "believed as registered: " + c);
            assertTrue(registry.settings().orElseThrow().clientCidr().contains(c.address()), c + " outside the client CIDR");
            assertTrue(addresses.add(c.address()), "two clients at " + c.address());
            assertEquals(c, registry.clientAt(c.address()).orElseThrow());
            assertEquals(c, registry.client(key).orElseThrow());
        });
        Statistics.collect(registry.clients().size() < input.clients().size() ? "some refused" : "none refused");
    }

    @Property
    void noTwoBelievedApprovalsShareABackboneKeyOrAddress(@ForAll("inputs") Input input) {
        Registry registry = input.registry();
        Set<Object> held = new HashSet<>();
        registry.approvals().values().forEach(a -> {
            assertTrue(held.add(a.backboneKey()), "backbone key shared: " + a.backboneKey().shortForm());
            assertTrue(held.add(a.backboneAddress()), "backbone address shared: " + a.backboneAddress());
            assertTrue(registry.settings().orElseThrow().backboneRange().contains(a.backboneAddress()));
        });
    }

    @Property
    void believedApprovalsAreTheOperatorsWithSomeCidrsLeftOut(@ForAll("inputs") Input input) {
        input.registry().approvals().forEach((node, believed) -> {
            assertEquals(node, believed.node());
            NodeApproval written = input.approvals().stream().filter(a -> a.node().equals(node)).findFirst().orElseThrow();
            assertEquals(written, new NodeApproval(believed.node(), believed.name(), believed.region(), written.vpcCidrs(),
                    believed.backboneKey(), believed.backboneAddress(), believed.primary(), believed.gaEndpointId(),
                    believed.approvedAt()));
            assertTrue(written.vpcCidrs().containsAll(believed.vpcCidrs()));
        });
    }

    @Property
    void everyBelievedVpcCidrIsRoutableAndOverlapsOnlyItsHaPartnersIdenticalCidr(@ForAll("inputs") Input input) {
        Registry registry = input.registry();
        Map<NodeId, NodeApproval> approvals = registry.approvals();
        boolean anyShared = false;
        for (NodeApproval a : approvals.values()) {
            for (Cidr cidr : a.vpcCidrs()) {
                assertEquals(java.util.Optional.empty(), PrefixRules.refusal(cidr));
                FleetSettings settings = registry.settings().orElseThrow();
                assertFalse(cidr.overlaps(settings.clientCidr()), cidr + " overlaps the client CIDR");
                assertFalse(cidr.overlaps(settings.backboneRange()), cidr + " overlaps the backbone range");
                assertTrue(registry.isApprovedVpc(cidr));
                for (NodeApproval b : approvals.values()) {
                    if (b.node().equals(a.node())) {
                        continue;
                    }
                    for (Cidr other : b.vpcCidrs()) {
                        if (other.overlaps(cidr)) {
                            anyShared = true;
                            assertEquals(cidr, other, a.node() + " and " + b.node() + " overlap");
                            assertEquals(a.region(), b.region(), cidr + " shared across regions");
                        }
                    }
                }
            }
        }
        Statistics.collect(anyShared ? "HA pair sharing a CIDR" : "no shared CIDR");
    }
}
