package dev.wgroam.local.vpc;

import dev.wgroam.commands.CommandRunner;
import dev.wgroam.routes.Cidr;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Route;

/**
 * A VPC host's router, following one EC2 route table: every interval it reads the table
 * (DescribeRouteTables) and points the host's route to each destination whose target is an
 * instance of the VPC at that instance's address in the VPC ({@code ip route replace DEST via
 * ADDRESS}, argv only, in the host's namespace). A route to an instance outside the VPC, or to no
 * instance, is left alone, as the host could not send there. It changes the host only when the
 * table changed, or when the last change failed.
 */
public final class RouteTableFollower implements AutoCloseable {

    private final Ec2Client ec2;
    private final String routeTableId;
    private final Map<String, String> addressByInstance;
    private final CommandRunner vpcHost;
    private final Duration interval;
    private final Consumer<String> log;
    private final Map<Cidr, String> applied = new HashMap<>();
    private Thread thread;

    /**
     * @param addressByInstance the VPC's instances by id, each with its address in the VPC
     * @param vpcHost           where the VPC host's commands run
     */
    public RouteTableFollower(Ec2Client ec2, String routeTableId, Map<String, String> addressByInstance,
                              CommandRunner vpcHost, Duration interval, Consumer<String> log) {
        this.ec2 = ec2;
        this.routeTableId = routeTableId;
        this.addressByInstance = Map.copyOf(addressByInstance);
        this.vpcHost = vpcHost;
        this.interval = interval;
        this.log = log;
    }

    /** The host's routes a table's routes give: destination → next hop, for the routes to instances of the VPC. */
    public static Map<Cidr, String> desired(List<Route> routes, Map<String, String> addressByInstance) {
        Map<Cidr, String> next = new TreeMap<>();
        for (Route route : routes) {
            String address = route.instanceId() == null ? null : addressByInstance.get(route.instanceId());
            if (address != null && route.destinationCidrBlock() != null) {
                next.put(Cidr.parse(route.destinationCidrBlock()), address);
            }
        }
        return next;
    }

    /** Reads the table once and brings the host's routes in line; returns what they are now. */
    public synchronized Map<Cidr, String> sync() {
        List<Route> routes = ec2.describeRouteTables(r -> r.routeTableIds(routeTableId)).routeTables().get(0).routes();
        desired(routes, addressByInstance).forEach((destination, via) -> {
            if (!via.equals(applied.get(destination))) {
                vpcHost.run(List.of("ip", "route", "replace", destination.toString(), "via", via));
                applied.put(destination, via);
                log.accept("vpc route " + destination + " via " + via + " (route table " + routeTableId + ")");
            }
        });
        return Map.copyOf(applied);
    }

    /** Follows the table from now on, in a thread of its own; a failed read or change is retried next interval. */
    public synchronized void start() {
        sync();
        thread = Thread.ofVirtual().name("route-table-" + routeTableId).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                    sync();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.accept("route table " + routeTableId + ": " + e.getMessage());
                }
            }
        });
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
