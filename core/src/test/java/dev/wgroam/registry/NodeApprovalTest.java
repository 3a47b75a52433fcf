package dev.wgroam.registry;

import static dev.wgroam.registry.Entries.APPROVED_AT;
import static dev.wgroam.registry.Entries.cidrs;
import static dev.wgroam.registry.Entries.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.Region;
import dev.wgroam.routes.Cidr;
import dev.wgroam.text.Hostile;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeApprovalTest {

    private static final String ARN = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890";
    private static final String INSTANCE_ID = "i-0a1b2c3d4e5f67890";

    private static NodeApproval approval(String node, String region, List<Cidr> vpcCidrs, String backboneAddress,
                                         String gaEndpointId) {
        return new NodeApproval(new NodeId(node), new NodeName("vpn-1"), new Region(region), vpcCidrs, key(1),
                Cidr.parse(backboneAddress), true, gaEndpointId, APPROVED_AT);
    }

    private static NodeApproval approval(String node, String region, String gaEndpointId) {
        return approval(node, region, cidrs("172.31.0.0/16"), "10.99.0.1/32", gaEndpointId);
    }

    @Test
    void instanceArn_inItsOwnRegion_isApprovedWithOrWithoutItsAcceleratorEndpoint() {
        assertEquals(INSTANCE_ID, approval(ARN, "eu-west-1", INSTANCE_ID).gaEndpointId());
        assertEquals("", approval(ARN, "eu-west-1", "").gaEndpointId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-west-2", "eu-central-1"})
    void instanceArn_inAnotherRegionThanItsArns_isRefused(String region) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> approval(ARN, region, INSTANCE_ID));
        assertTrue(e.getMessage().contains("eu-west-1"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"i-0ffffffffffffffff", "i-0a1b2c3d4e5f6789", "i-0a1b2c3d4e5f678901",
            "arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890", "endpoint-1"})
    void instanceArn_withAnotherAcceleratorEndpointThanItsInstance_isRefused(String endpoint) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> approval(ARN, "eu-west-1", endpoint));
        assertTrue(e.getMessage().contains(INSTANCE_ID), e.getMessage());
    }

    @Test
    void instanceArn_ofAnotherPartition_isHeldToItsRegionToo() {
        String gov = "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:instance/i-0a1b2c3d4e5f67890";
        assertEquals(new Region("us-gov-west-1"), approval(gov, "us-gov-west-1", INSTANCE_ID).region());
        assertThrows(IllegalArgumentException.class, () -> approval(gov, "us-east-1", INSTANCE_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-a", "i-0a1b2c3d4e5f67890", "arn:aws:ec2:eu-west-1:123456789012:volume/vol-0a1b2c3d"})
    void otherNodeIds_acceptAnyRegionAndAnyEndpointId(String node) {
        assertEquals(new Region("ap-southeast-2"), approval(node, "ap-southeast-2", "i-0ffffffffffffffff").region());
        assertEquals("endpoint-1", approval(node, "us-east-1", "endpoint-1").gaEndpointId());
        assertEquals("", approval(node, "us-east-1", "").gaEndpointId());
    }

    @Test
    void impliedBy_readsRegionAndInstanceFromAnInstanceArnOnly() {
        assertEquals(new NodeApproval.Implied("eu-west-1", INSTANCE_ID), NodeApproval.impliedBy(new NodeId(ARN)));
        assertEquals(new NodeApproval.Implied("", ""), NodeApproval.impliedBy(new NodeId("node-a")));
    }

    @Test
    void vpcCidrs_upToSixteen_areKeptSortedAndOnce() {
        List<Cidr> sixteen = IntStream.range(0, 16).mapToObj(i -> Cidr.parse("10." + (15 - i) + ".0.0/16")).toList();
        List<Cidr> withRepeat = Stream.concat(sixteen.stream(), Stream.of(sixteen.get(0))).toList();

        NodeApproval a = approval("node-a", "eu-west-1", withRepeat, "10.99.0.1/32", "");
        assertEquals(sixteen.stream().sorted().toList(), a.vpcCidrs());
    }

    @Test
    void vpcCidrs_moreThanSixteen_areRefused() {
        List<Cidr> seventeen = IntStream.range(0, 17).mapToObj(i -> Cidr.parse("10." + i + ".0.0/16")).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> approval("node-a", "eu-west-1", seventeen, "10.99.0.1/32", ""));
        assertTrue(e.getMessage().contains("16"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "0.0.0.0/1", "10.0.0.0/7", "169.254.0.0/16", "169.254.169.254/32", "127.0.0.0/8",
            "224.0.0.0/4", "255.255.255.255/32"})
    void vpcCidrs_thatAreNeverRouted_areRefused(String cidr) {
        assertThrows(IllegalArgumentException.class,
                () -> approval("node-a", "eu-west-1", cidrs("172.31.0.0/16", cidr), "10.99.0.1/32", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.99.0.0/24", "10.99.0.0/31", "0.0.0.0/0"})
    void backboneAddress_otherThanA32_isRefused(String address) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> approval("node-a", "eu-west-1", List.of(), address, ""));
        assertTrue(e.getMessage().contains("/32"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254/32", "127.0.0.1/32", "255.255.255.255/32", "0.0.0.0/32"})
    void backboneAddress_thatIsNeverRouted_isRefused(String address) {
        assertThrows(IllegalArgumentException.class, () -> approval("node-a", "eu-west-1", List.of(), address, ""));
    }

    static Stream<String> hostileEndpointIds() {
        return Hostile.variantsOf(INSTANCE_ID).stream();
    }

    @ParameterizedTest
    @MethodSource("hostileEndpointIds")
    void gaEndpointId_hostileSpellings_areRefused(String endpoint) {
        assertThrows(IllegalArgumentException.class, () -> NodeApproval.checkGaEndpointId(endpoint));
        assertThrows(IllegalArgumentException.class, () -> approval("node-a", "eu-west-1", endpoint));
    }

    @Test
    void gaEndpointId_null_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> approval("node-a", "eu-west-1", null));
    }
}
