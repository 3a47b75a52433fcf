package dev.wgroam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.aws.accelerator.DescribedEndpoint;
import dev.wgroam.aws.accelerator.EndpointWeight;
import dev.wgroam.cli.FleetStatus.Ga;
import dev.wgroam.cli.FleetStatus.NodeRow;
import dev.wgroam.fleet.NodeState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of status: a node's GA verdict from what was read, the notes, the columns. */
class FleetStatusTest {

    static final GaReadings READ = new GaReadings(
            Map.of("i-a", new DescribedEndpoint(new EndpointWeight("i-a", 0, true), "UNHEALTHY")), List.of());

    private static NodeRow node(String name, Ga ga) {
        return new NodeRow(name, name, "eu-west-1", NodeState.ACTIVE, "", ga, RecordMatch.MATCHES, 3, 1, 0);
    }

    @Test
    void gaOf_anEndpointRead_givesItsWeightAndHealth() {
        assertEquals(new Ga.Read(0, "UNHEALTHY"), FleetStatus.gaOf("i-a", READ));
    }

    @Test
    void gaOf_aNodeWithoutEndpointId_saysSo() {
        assertEquals(new Ga.Unknown("its approval has no GA endpoint id"), FleetStatus.gaOf("", READ));
    }

    @Test
    void gaOf_anEndpointInNoGroupRead_saysSo_orGivesTheFailedGroupsReasons() {
        assertEquals(new Ga.Unknown("endpoint i-b is in none of the endpoint groups read"), FleetStatus.gaOf("i-b", READ));
        assertEquals(new Ga.Unknown("endpoint group x: boom; endpoint group y: bang"),
                FleetStatus.gaOf("i-b", new GaReadings(Map.of(), List.of("endpoint group x: boom", "endpoint group y: bang"))));
    }

    @Test
    void gaNotes_oneLinePerReason_namingTheNodesUnlessItIsAllOfThem() {
        Ga denied = new Ga.Unknown("denied");
        assertEquals("GA weight unknown: denied\n", FleetStatus.gaNotes(List.of(node("a", denied), node("b", denied))));
        assertEquals("GA weight unknown for b, c: denied\nGA weight unknown for d: no id\n",
                FleetStatus.gaNotes(List.of(node("a", new Ga.Read(128, "")), node("b", denied), node("c", denied),
                        node("d", new Ga.Unknown("no id")))));
        assertEquals("", FleetStatus.gaNotes(List.of(node("a", new Ga.Read(128, "HEALTHY")))));
    }

    @Test
    void columns_areAsWideAsTheirWidestCell_twoSpacesApart_withoutTrailingBlanks() {
        assertEquals("NODE         STATE   REASON\n"
                        + "a-long-name  ACTIVE\n"
                        + "b            FAILED  alarm\n",
                FleetStatus.columns(List.of(List.of("NODE", "STATE", "REASON"), List.of("a-long-name", "ACTIVE", ""),
                        List.of("b", "FAILED", "alarm"))));
    }
}
