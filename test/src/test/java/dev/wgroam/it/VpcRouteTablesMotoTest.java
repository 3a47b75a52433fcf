package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.functions.failover.VpcRouteTables;
import dev.wgroam.routes.Cidr;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Failover's route-table change as moto's EC2 records it: only this fleet's tagged tables move. */
class VpcRouteTablesMotoTest {

    final Ec2Client ec2 = new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint()).build(Ec2Client.builder(),
            "eu-west-1");

    private String instance(String subnet) {
        return ec2.runInstances(r -> r.imageId("ami-12c6146b").minCount(1).maxCount(1).subnetId(subnet))
                .instances().get(0).instanceId();
    }

    private String routeTable(String vpc, String fleet, String target) {
        String table = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        if (fleet != null) {
            ec2.createTags(r -> r.resources(table).tags(Tag.builder().key(VpcRouteTables.FLEET_TAG).value(fleet).build()));
        }
        ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("10.50.0.0/16").instanceId(target));
        return table;
    }

    private String targetOf(String table) {
        return ec2.describeRouteTables(r -> r.routeTableIds(table)).routeTables().get(0).routes().stream()
                .filter(route -> "10.50.0.0/16".equals(route.destinationCidrBlock()))
                .map(Route::instanceId).findFirst().orElseThrow();
    }

    @Test
    void pointAt_movesTheClientRouteOfTaggedTablesOnly() {
        String fleet = "fleet-" + UUID.randomUUID();
        String vpc = ec2.createVpc(r -> r.cidrBlock("172.31.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("172.31.1.0/24")).subnet().subnetId();
        String primary = instance(subnet);
        String standby = instance(subnet);
        String ours = routeTable(vpc, fleet, primary);
        String alsoOurs = routeTable(vpc, fleet, primary);
        String notOurs = routeTable(vpc, null, primary);

        int replaced = new VpcRouteTables(ec2, fleet).pointAt(Cidr.parse("10.50.0.0/16"), standby);

        assertEquals(2, replaced);
        assertEquals(standby, targetOf(ours));
        assertEquals(standby, targetOf(alsoOurs));
        assertEquals(primary, targetOf(notOurs));
        assertEquals(0, new VpcRouteTables(ec2, fleet).pointAt(Cidr.parse("10.50.0.0/16"), standby), "idempotent");
    }
}
