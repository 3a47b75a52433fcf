package dev.wgroam.cli.registry;

import static dev.wgroam.cli.registry.ClientsConfTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks before a write, on the registry as written: what would not be believed is refused. */
class RegistryChecksTest {

    static final FleetSettings FLEET = new FleetSettings(Cidr.parse("10.50.0.0/24"), Cidr.parse("10.99.0.0/24"),
            "vpn.example.com");
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static NodeApproval approval(String node, String region, String vpc, int key, int backboneHost) {
        return new NodeApproval(new NodeId(node), new NodeName(node), new Region(region), List.of(Cidr.parse(vpc)), key(key),
                Cidr.parse("10.99.0." + backboneHost + "/32"), false, "", T);
    }

    static RegistryContents contents(List<NodeApproval> approvals, List<RegisteredClient> clients) {
        return new RegistryContents(FLEET, approvals, clients, "");
    }

    static final NodeApproval A = approval("node-a", "eu-west-1", "172.31.0.0/16", 1, 1);

    @Test
    void approval_ofAnHaPairsSameCidrInOneRegion_isWritten() {
        assertEquals(Optional.empty(),
                RegistryChecks.approval(contents(List.of(A), List.of()), approval("node-b", "eu-west-1", "172.31.0.0/16", 2, 2)));
    }

    @Test
    void approval_overlappingAnotherNodesCidr_isRefused_whereverItIs() {
        String sameCidrElsewhere = RegistryChecks.approval(contents(List.of(A), List.of()),
                approval("node-c", "us-east-1", "172.31.0.0/16", 3, 3)).orElseThrow();
        String inside = RegistryChecks.approval(contents(List.of(A), List.of()),
                approval("node-c", "eu-west-1", "172.31.7.0/24", 3, 3)).orElseThrow();

        assertTrue(sameCidrElsewhere.contains("VPC CIDR 172.31.0.0/16 of node node-a overlaps 172.31.0.0/16 of node node-c"
                + " in another region"), sameCidrElsewhere);
        assertTrue(inside.contains("overlaps"), inside);
    }

    @Test
    void approval_withAnotherNodesBackboneKeyOrAddress_isRefused() {
        String key = RegistryChecks.approval(contents(List.of(A), List.of()),
                approval("node-c", "us-east-1", "172.16.0.0/16", 1, 3)).orElseThrow();
        String address = RegistryChecks.approval(contents(List.of(A), List.of()),
                approval("node-c", "us-east-1", "172.16.0.0/16", 3, 1)).orElseThrow();

        assertTrue(key.contains("backbone key"), key);
        assertTrue(address.contains("backbone address 10.99.0.1/32"), address);
    }

    @Test
    void approval_outsideTheRanges_orOverlappingTheClientCidr_isRefused() {
        NodeApproval outside = new NodeApproval(new NodeId("node-c"), new NodeName("node-c"), new Region("eu-west-1"),
                List.of(Cidr.parse("172.16.0.0/16")), key(3), Cidr.parse("10.98.0.1/32"), false, "", T);
        assertTrue(RegistryChecks.approval(contents(List.of(), List.of()), outside).orElseThrow().contains("outside the backbone range"));
        assertTrue(RegistryChecks.approval(contents(List.of(), List.of()), approval("node-c", "eu-west-1", "10.50.0.0/16", 3, 3))
                .orElseThrow().contains("overlaps the client CIDR"));
    }

    @Test
    void approval_underAnotherNodesName_isRefused_butReapprovingTheSameNodeIsNot() {
        NodeApproval sameName = new NodeApproval(new NodeId("node-c"), new NodeName("node-a"), new Region("us-east-1"),
                List.of(Cidr.parse("172.16.0.0/16")), key(3), Cidr.parse("10.99.0.3/32"), false, "", T);

        assertTrue(RegistryChecks.approval(contents(List.of(A), List.of()), sameName).orElseThrow()
                .contains("the name node-a is already node node-a's"));
        assertEquals(Optional.empty(), RegistryChecks.approval(contents(List.of(A), List.of()),
                approval("node-a", "eu-west-1", "172.30.0.0/16", 1, 1)));
    }

    @Test
    void approval_withoutFleetSettings_isRefused() {
        RegistryRefusedException e = assertThrows(RegistryRefusedException.class,
                () -> RegistryChecks.approval(new RegistryContents(null, List.of(), List.of(), ""), A));
        assertTrue(e.getMessage().contains("wg-roam fleet set"), e.getMessage());
    }

    @Test
    void fleetChange_thatWouldLeaveARegisteredClientOrAnApprovalOut_isRefused() {
        RegisteredClient seven = new RegisteredClient(key(7), Cidr.parse("10.50.0.7/32"), new ClientName("seven"), T);
        RegistryContents now = contents(List.of(A), List.of(seven));

        String narrower = RegistryChecks.fleetChange(now, new FleetSettings(Cidr.parse("10.50.0.0/30"),
                FLEET.backboneRange(), "vpn.example.com")).orElseThrow();
        String movedBackbone = RegistryChecks.fleetChange(now, new FleetSettings(FLEET.clientCidr(),
                Cidr.parse("10.98.0.0/24"), "vpn.example.com")).orElseThrow();
        String gateway = RegistryChecks.fleetChange(now, new FleetSettings(Cidr.parse("10.50.0.6/31"),
                FLEET.backboneRange(), "vpn.example.com")).orElseThrow();

        assertTrue(narrower.startsWith("these settings would leave out client seven: "), narrower);
        assertTrue(movedBackbone.startsWith("these settings would leave out node node-a: "), movedBackbone);
        assertTrue(gateway.contains("10.50.0.7/32 is the broadcast address"), gateway);
        assertEquals(Optional.empty(), RegistryChecks.fleetChange(now, new FleetSettings(Cidr.parse("10.50.0.0/16"),
                FLEET.backboneRange(), "203.0.113.9")));
    }
}
