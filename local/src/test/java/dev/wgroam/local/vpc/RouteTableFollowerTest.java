package dev.wgroam.local.vpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.routes.Cidr;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Route;

class RouteTableFollowerTest {

    static final Map<String, String> PAIR = Map.of("i-primary", "172.31.1.1", "i-standby", "172.31.1.102");

    static Route toInstance(String destination, String instance) {
        return Route.builder().destinationCidrBlock(destination).instanceId(instance).build();
    }

    @Test
    void desired_pointsEachRouteToAnInstanceOfTheVpcAtItsAddress() {
        assertEquals(Map.of(Cidr.parse("10.50.0.0/16"), "172.31.1.102", Cidr.parse("10.99.0.0/24"), "172.31.1.1"),
                RouteTableFollower.desired(List.of(toInstance("10.50.0.0/16", "i-standby"),
                        toInstance("10.99.0.0/24", "i-primary")), PAIR));
    }

    @Test
    void desired_leavesAloneRoutesToOtherInstancesAndToNoInstance() {
        Route local = Route.builder().destinationCidrBlock("172.31.0.0/16").gatewayId("local").build();
        assertEquals(Map.of(), RouteTableFollower.desired(List.of(local, toInstance("10.50.0.0/16", "i-elsewhere")), PAIR));
    }
}
