package dev.wgroam.functions.failover;

import dev.wgroam.routes.Cidr;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/**
 * The VPC side of a failover: in every route table tagged for this fleet, the route to the clients'
 * CIDR is pointed at the standby node's instance (EC2 ReplaceRoute). Only tagged tables are touched,
 * which is also what the function's IAM policy allows.
 */
public final class VpcRouteTables implements RouteTables {

    public static final String FLEET_TAG = "wg-roam:fleet";

    private final Ec2Client ec2;
    private final String fleet;

    /** @param fleet the value of the tables' {@value #FLEET_TAG} tag */
    public VpcRouteTables(Ec2Client ec2, String fleet) {
        this.ec2 = ec2;
        this.fleet = fleet;
    }

    /** @return how many routes now point at {@code instanceId} that did not before */
    @Override
    public int pointAt(Cidr clientCidr, String instanceId) {
        int replaced = 0;
        var tables = ec2.describeRouteTablesPaginator(r -> r.filters(
                Filter.builder().name("tag:" + FLEET_TAG).values(fleet).build())).routeTables();
        for (RouteTable table : tables) {
            for (Route route : table.routes()) {
                if (clientCidr.toString().equals(route.destinationCidrBlock()) && !instanceId.equals(route.instanceId())) {
                    ec2.replaceRoute(r -> r.routeTableId(table.routeTableId())
                            .destinationCidrBlock(clientCidr.toString()).instanceId(instanceId));
                    replaced++;
                }
            }
        }
        return replaced;
    }
}
