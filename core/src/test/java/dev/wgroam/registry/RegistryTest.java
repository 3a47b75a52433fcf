package dev.wgroam.registry;

import static dev.wgroam.registry.Entries.SETTINGS;
import static dev.wgroam.registry.Entries.approval;
import static dev.wgroam.registry.Entries.cidrs;
import static dev.wgroam.registry.Entries.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.routes.Cidr;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per rule of {@link Registry}'s javadoc: what the operator wrote, which approvals (with
 * the VPC CIDRs they keep) and which clients are believed, and what the refusals name. The client
 * CIDR is 10.50.0.0/16 and the backbone range 10.99.0.0/24 throughout.
 */
class RegistryTest {

    /** @param believed node id to the VPC CIDRs its believed approval keeps */
    record Case(FleetSettings settings, List<NodeApproval> approvals, List<RegisteredClient> clients,
                Map<String, List<String>> believed, Set<String> believedClients, List<String> refusalsNaming) {
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                arguments("a client outside the client CIDR is refused, the others stay", new Case(SETTINGS, List.of(),
                        List.of(client("inside", 1, "10.50.0.7/32"), client("outside", 2, "10.60.0.7/32")),
                        Map.of(), Set.of("inside"), List.of("outside", "10.60.0.7/32"))),
                arguments("two clients at one address are both refused", new Case(SETTINGS, List.of(),
                        List.of(client("first", 1, "10.50.0.7/32"), client("second", 2, "10.50.0.7/32"),
                                client("third", 3, "10.50.0.8/32")),
                        Map.of(), Set.of("third"), List.of("10.50.0.7/32", "first", "second"))),
                arguments("an approval whose backbone address is outside the backbone range is refused", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32"), approval("n2", "eu-west-1", 2, "10.98.0.2/32")),
                        List.of(), Map.of("n1", List.of()), Set.of(), List.of("vpn-n2", "10.98.0.2/32"))),
                arguments("two approvals with one backbone key are both refused", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 7, "10.99.0.1/32"), approval("n2", "us-east-1", 7, "10.99.0.2/32"),
                                approval("n3", "us-east-1", 3, "10.99.0.3/32")),
                        List.of(), Map.of("n3", List.of()), Set.of(), List.of("backbone key", "n1", "n2"))),
                arguments("three approvals with one backbone address are all refused", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.9/32"), approval("n2", "us-east-1", 2, "10.99.0.9/32"),
                                approval("n3", "us-east-1", 3, "10.99.0.9/32"), approval("n4", "us-east-1", 4, "10.99.0.4/32")),
                        List.of(), Map.of("n4", List.of()), Set.of(), List.of("backbone address 10.99.0.9/32", "n1", "n2", "n3"))),
                arguments("a VPC CIDR overlapping the client CIDR goes, the node and its other CIDRs stay", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32", "10.50.128.0/17", "172.31.0.0/16")),
                        List.of(), Map.of("n1", List.of("172.31.0.0/16")), Set.of(), List.of("10.50.128.0/17"))),
                arguments("a VPC CIDR containing the backbone range goes", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32", "10.96.0.0/12")),
                        List.of(), Map.of("n1", List.of()), Set.of(), List.of("10.96.0.0/12"))),
                arguments("an HA pair in one region may share its VPC CIDR", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32", "172.31.0.0/16"),
                                approval("n2", "eu-west-1", 2, "10.99.0.2/32", "172.31.0.0/16")),
                        List.of(), Map.of("n1", List.of("172.31.0.0/16"), "n2", List.of("172.31.0.0/16")), Set.of(),
                        List.of())),
                arguments("the same CIDR in two regions goes on both nodes, which stay approved", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32", "172.31.0.0/16", "10.8.0.0/16"),
                                approval("n2", "us-east-1", 2, "10.99.0.2/32", "172.31.0.0/16")),
                        List.of(), Map.of("n1", List.of("10.8.0.0/16"), "n2", List.of()), Set.of(),
                        List.of("172.31.0.0/16", "another region"))),
                arguments("an HA pair's CIDR claimed from another region goes on all three nodes", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32", "172.31.0.0/16"),
                                approval("n2", "eu-west-1", 2, "10.99.0.2/32", "172.31.0.0/16"),
                                approval("n3", "us-east-1", 3, "10.99.0.3/32", "172.31.0.0/16")),
                        List.of(), Map.of("n1", List.of(), "n2", List.of(), "n3", List.of()), Set.of(),
                        List.of("172.31.0.0/16"))),
                arguments("a partial overlap goes on both nodes, in one region too; the nodes stay approved", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32", "172.31.0.0/16", "10.8.0.0/16"),
                                approval("n2", "eu-west-1", 2, "10.99.0.2/32", "172.31.128.0/17")),
                        List.of(), Map.of("n1", List.of("10.8.0.0/16"), "n2", List.of()), Set.of(),
                        List.of("172.31.0.0/16", "172.31.128.0/17"))),
                arguments("two different entries for one node id are both refused", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32"), approval("n1", "eu-west-1", 1, "10.99.0.2/32"),
                                approval("n2", "eu-west-1", 2, "10.99.0.3/32")),
                        List.of(), Map.of("n2", List.of()), Set.of(), List.of("node n1"))),
                arguments("two different entries for one client key are both refused", new Case(SETTINGS, List.of(),
                        List.of(client("one", 1, "10.50.0.1/32"), client("one", 1, "10.50.0.2/32"), client("two", 2, "10.50.0.3/32")),
                        Map.of(), Set.of("two"), List.of("client key"))),
                arguments("the same entry twice is one entry", new Case(SETTINGS,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32"), approval("n1", "eu-west-1", 1, "10.99.0.1/32")),
                        List.of(client("one", 1, "10.50.0.1/32"), client("one", 1, "10.50.0.1/32")),
                        Map.of("n1", List.of()), Set.of("one"), List.of())),
                arguments("without fleet settings nothing is believed", new Case(null,
                        List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32", "172.31.0.0/16")),
                        List.of(client("one", 1, "10.50.0.1/32")),
                        Map.of(), Set.of(), List.of("no fleet settings"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void of_believesWhatFitsAndNamesTheRest(String rule, Case c) {
        Registry registry = Registry.of(c.settings(), c.approvals(), c.clients());

        Map<String, List<String>> believed = new TreeMap<>();
        registry.approvals().forEach((node, a) -> believed.put(node.value(), a.vpcCidrs().stream().map(Cidr::toString).toList()));
        assertEquals(new TreeMap<>(c.believed()), believed, "approvals");
        assertEquals(c.believedClients(), registry.clients().values().stream().map(cl -> cl.name().value())
                .collect(Collectors.toSet()), "clients");
        if (c.refusalsNaming().isEmpty()) {
            assertEquals(List.of(), registry.refusals());
        } else {
            String lines = String.join("\n", registry.refusals());
            c.refusalsNaming().forEach(word -> assertTrue(lines.contains(word), "'" + word + "' in " + lines));
        }
    }

    @Test
    void lookups_answerForBelievedEntriesOnly() {
        NodeApproval n1 = approval("n1", "eu-west-1", 1, "10.99.0.1/32", "172.31.0.0/16", "10.50.0.0/24");
        RegisteredClient inside = client("inside", 1, "10.50.0.7/32");
        RegisteredClient outside = client("outside", 2, "10.60.0.7/32");
        Registry registry = Registry.of(SETTINGS, List.of(n1), List.of(inside, outside));

        assertEquals(Optional.of(SETTINGS), registry.settings());
        assertEquals(cidrs("172.31.0.0/16"), registry.approval(n1.node()).orElseThrow().vpcCidrs());
        assertEquals(n1.backboneKey(), registry.approval(n1.node()).orElseThrow().backboneKey());
        assertEquals(Optional.empty(), registry.approval(new NodeId("n2")));
        assertEquals(Optional.of(inside), registry.client(inside.key()));
        assertEquals(Optional.of(inside), registry.clientAt(inside.address()));
        assertEquals(Optional.empty(), registry.client(outside.key()));
        assertEquals(Optional.empty(), registry.clientAt(outside.address()));
        assertTrue(registry.isApprovedVpc(Cidr.parse("172.31.0.0/16")));
        assertFalse(registry.isApprovedVpc(Cidr.parse("10.50.0.0/24")), "refused: it overlaps the client CIDR");
        assertFalse(registry.isApprovedVpc(Cidr.parse("172.31.0.0/17")), "only the approved CIDR itself");
    }

    @Test
    void empty_believesNothingAndRefusesNothing() {
        assertEquals(Optional.empty(), Registry.EMPTY.settings());
        assertEquals(Map.of(), Registry.EMPTY.approvals());
        assertEquals(Map.of(), Registry.EMPTY.clients());
        assertEquals(List.of(), Registry.EMPTY.refusals());
    }

    @Test
    void views_cannotBeChangedByTheirReaders() {
        Registry registry = Registry.of(SETTINGS, List.of(approval("n1", "eu-west-1", 1, "10.99.0.1/32")),
                List.of(client("one", 1, "10.50.0.1/32")));
        assertThrows(UnsupportedOperationException.class,
                () -> registry.approvals().clear());
        assertThrows(UnsupportedOperationException.class,
                () -> registry.clients().clear());
        assertThrows(UnsupportedOperationException.class,
                () -> registry.refusals().clear());
    }
}
