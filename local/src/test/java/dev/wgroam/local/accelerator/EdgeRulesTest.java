package dev.wgroam.local.accelerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeRulesTest {

    static final Region EU = new Region("eu-west-1");
    static final Region US = new Region("us-east-1");
    static final EdgeRules.Listener LISTENER = new EdgeRules.Listener("10.201.0.1", 51820, "edge0");

    static AcceleratorEndpoint endpoint(String id, String address, int weight, HealthState health) {
        return new AcceleratorEndpoint(id, address, weight, true, health);
    }

    static List<EndpointGroupState> groups(AcceleratorEndpoint a, AcceleratorEndpoint b, AcceleratorEndpoint c) {
        return List.of(new EndpointGroupState("eu", EU, List.of(a, b)), new EndpointGroupState("us", US, List.of(c)));
    }

    final AcceleratorEndpoint a = endpoint("i-a", "10.200.0.1", 128, HealthState.HEALTHY);
    final AcceleratorEndpoint b = endpoint("i-b", "10.200.0.2", 128, HealthState.HEALTHY);
    final AcceleratorEndpoint c = endpoint("i-c", "10.200.0.3", 128, HealthState.HEALTHY);

    private static List<String> ids(List<AcceleratorEndpoint> endpoints) {
        return endpoints.stream().map(AcceleratorEndpoint::id).toList();
    }

    @Test
    void newFlowsGoToTheNearestRegionThatTakesThem() {
        assertEquals(List.of("i-a", "i-b"), ids(EdgeRules.candidates(groups(a, b, c), List.of(EU, US))));
        assertEquals(List.of("i-c"), ids(EdgeRules.candidates(groups(a, b, c), List.of(US, EU))));
    }

    @Test
    void unhealthyAndWeightZeroEndpointsTakeNoNewFlows() {
        var unhealthyA = endpoint("i-a", "10.200.0.1", 128, HealthState.UNHEALTHY);
        var drainedB = endpoint("i-b", "10.200.0.2", 0, HealthState.HEALTHY);
        assertEquals(List.of("i-b"), ids(EdgeRules.candidates(groups(unhealthyA, b, c), List.of(EU, US))));
        assertEquals(List.of("i-c"), ids(EdgeRules.candidates(groups(unhealthyA, drainedB, c), List.of(EU, US))),
                "a region without a taker sends its clients to the next nearest");
    }

    @Test
    void anEndpointNotYetCheckedTakesFlows() {
        var fresh = endpoint("i-a", "10.200.0.1", 128, HealthState.INITIAL);
        assertEquals(List.of("i-a", "i-b"), ids(EdgeRules.candidates(groups(fresh, b, c), List.of(EU))));
    }

    @Test
    void withNoTakerAnywhere_theAcceleratorFailsOpenToEveryEndpointEqually() {
        var deadA = endpoint("i-a", "10.200.0.1", 128, HealthState.UNHEALTHY);
        var deadB = endpoint("i-b", "10.200.0.2", 200, HealthState.UNHEALTHY);
        var deadC = endpoint("i-c", "10.200.0.3", 0, HealthState.UNHEALTHY);
        List<AcceleratorEndpoint> open = EdgeRules.candidates(groups(deadA, deadB, deadC), List.of(US, EU));
        assertEquals(List.of("i-c", "i-a", "i-b"), ids(open));
        assertTrue(open.stream().allMatch(e -> e.weight() == 1));
    }

    @Test
    void theRulesetSplitsByWeightAndGroupsClientsWithTheSameChoice() {
        var lightB = endpoint("i-b", "10.200.0.2", 64, HealthState.HEALTHY);
        String rules = EdgeRules.ruleset(groups(a, lightB, c), List.of(
                new ClientLocation("10.201.0.101", List.of(EU, US)),
                new ClientLocation("10.201.0.102", List.of(US, EU)),
                new ClientLocation("10.201.0.103", List.of(EU, US))), LISTENER);
        assertTrue(rules.contains("ip saddr { 10.201.0.101, 10.201.0.103 } dnat to numgen random mod 192"
                + " map { 0-127 : 10.200.0.1, 128-191 : 10.200.0.2 }"), rules);
        assertTrue(rules.contains("ip saddr { 10.201.0.102 } dnat to 10.200.0.3"), rules);
        assertTrue(rules.contains("iifname \"edge0\" ip daddr 10.201.0.1 udp dport 51820"), rules);
        assertTrue(rules.startsWith("table ip accelerator\ndelete table ip accelerator\n"),
                "the table is replaced in one transaction");
        assertTrue(rules.contains("policy drop;\n\t\tct state established,related accept\n"
                + "\t\tiifname \"edge0\" ct state new accept"), "only flows clients start are forwarded");
    }

    @Test
    void aWeightOfOneIsASingleSlot() {
        var oneA = endpoint("i-a", "10.200.0.1", 1, HealthState.HEALTHY);
        var oneB = endpoint("i-b", "10.200.0.2", 1, HealthState.HEALTHY);
        String rules = EdgeRules.ruleset(groups(oneA, oneB, c), List.of(new ClientLocation("10.201.0.101", List.of(EU))),
                LISTENER);
        assertTrue(rules.contains("numgen random mod 2 map { 0 : 10.200.0.1, 1 : 10.200.0.2 }"), rules);
    }

    @Test
    void nothingButAddressesAndInterfaceNamesReachesTheRuleset() {
        var hostile = endpoint("i-a", "10.0.0.1 } ; flush ruleset ; {", 1, HealthState.HEALTHY);
        assertThrows(IllegalArgumentException.class, () -> EdgeRules.ruleset(groups(hostile, b, c),
                List.of(new ClientLocation("10.201.0.101", List.of(EU))), LISTENER));
        assertThrows(IllegalArgumentException.class, () -> EdgeRules.ruleset(groups(a, b, c),
                List.of(new ClientLocation("10.201.0.101, 0.0.0.0/0", List.of(EU))), LISTENER));
        assertThrows(IllegalArgumentException.class, () -> EdgeRules.ruleset(groups(a, b, c), List.of(),
                new EdgeRules.Listener("10.201.0.1", 51820, "edge0\" accept")));
    }
}
