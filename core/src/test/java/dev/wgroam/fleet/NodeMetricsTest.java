package dev.wgroam.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class NodeMetricsTest {

    @Test
    void namespace_isTheNodesOwnUnderTheFleets() {
        // The node role's policy allows cloudwatch:namespace = <ns>/node/${ec2:SourceInstanceARN}: this exact spelling.
        NodeId node = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890");
        assertEquals("WgRoam/node/arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890",
                NodeMetrics.namespace("WgRoam", node));
        assertNotEquals(NodeMetrics.namespace("WgRoam", node), NodeMetrics.namespace("WgRoam", new NodeId("node-b")));
    }
}
