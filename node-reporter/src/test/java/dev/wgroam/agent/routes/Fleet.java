package dev.wgroam.agent.routes;

import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.Region;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One fleet for the route tests, as the operator approved it: this node (A) and B are an HA pair
 * in the EU VPC, C serves the US VPC; clients 10.50.0.1–14 are registered. Each node's record
 * says what its approval pins.
 */
final class Fleet {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Region EU = new Region("eu-west-1");
    static final Region US = new Region("us-east-1");
    static final NodeId SELF = new NodeId("node-a");
    static final NodeId B = new NodeId("node-b");
    static final NodeId C = new NodeId("node-c");
    static final NodeId D = new NodeId("node-d");
    static final Cidr VPC_EU = Cidr.parse("172.31.0.0/16");
    static final Cidr VPC_US = Cidr.parse("172.16.0.0/16");
    static final Cidr CLIENT = Cidr.parse("10.50.0.7/32");
    static final FleetSettings SETTINGS = new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
            "203.0.113.100");
    static final int REGISTERED_CLIENTS = 14;

    static final Interfaces INTERFACES = new Interfaces(new InterfaceName("clients"), new InterfaceName("backbone"));

    static final List<NodeApproval> APPROVALS = List.of(approval(SELF, EU, 1, VPC_EU), approval(B, EU, 2, VPC_EU),
            approval(C, US, 3, VPC_US));
    static final List<RegisteredClient> CLIENTS = IntStream.rangeClosed(1, REGISTERED_CLIENTS)
            .mapToObj(i -> client(i, clientAddress(i))).toList();
    static final Registry REGISTRY = Registry.of(SETTINGS, APPROVALS, CLIENTS);
    static final List<NodeRecord> RECORDS = List.of(record(SELF, 1), record(B, 2), record(C, 3));

    private Fleet() {
    }

    /** This node's host, modelled: its clients and backbone interfaces, no peers, no routes. */
    static SimulatedHost host() {
        return new SimulatedHost().wireguard("clients", PeerKey.of(new byte[32]), key(SELF), 51820)
                .wireguard("backbone", PeerKey.of(new byte[32]), key(SELF), 51821);
    }

    static PeerKey key(NodeId node) {
        byte[] raw = new byte[32];
        raw[0] = (byte) node.value().charAt(5);
        return PeerKey.of(raw);
    }

    static Cidr backboneAddress(int n) {
        return Cidr.parse("10.99.0." + n + "/32");
    }

    static Cidr clientAddress(int n) {
        return Cidr.parse("10.50.0." + n + "/32");
    }

    static NodeApproval approval(NodeId id, Region region, int address, Cidr... vpcs) {
        return new NodeApproval(id, new NodeName("vpn-" + id), region, List.of(vpcs), key(id), backboneAddress(address),
                false, "", NOW);
    }

    static RegisteredClient client(int n, Cidr address) {
        byte[] raw = new byte[32];
        raw[0] = 100;
        raw[1] = (byte) n;
        return new RegisteredClient(PeerKey.of(raw), address, new ClientName("client-" + n), NOW);
    }

    /** What a node says of itself, as its approval pins it: backbone key and address, endpoint 203.0.113.n. */
    static NodeRecord record(NodeId id, int address) {
        return record(id, key(id), backboneAddress(address), Endpoint.parse("203.0.113." + address + ":51821"));
    }

    static NodeRecord record(NodeId id, PeerKey key, Cidr address, Endpoint endpoint) {
        return new NodeRecord(id, key, address, endpoint, NOW, "0.1.0", AppliedRoutes.NONE);
    }

    static Registry registryWith(NodeApproval... more) {
        List<NodeApproval> approvals = new ArrayList<>(APPROVALS);
        approvals.addAll(List.of(more));
        return Registry.of(SETTINGS, approvals, CLIENTS);
    }

    static Registry registryWithout(NodeId node) {
        return Registry.of(SETTINGS, APPROVALS.stream().filter(a -> !a.node().equals(node)).toList(), CLIENTS);
    }

    static List<NodeRecord> recordsWith(NodeRecord... more) {
        List<NodeRecord> records = new ArrayList<>(RECORDS);
        records.addAll(List.of(more));
        return records;
    }

    static RouteEntry entry(Cidr prefix, NodeId owner, long version) {
        return new RouteEntry(prefix, owner, version);
    }

    /** The table's owner items as a reconcile reads them; the route tests need no handshakes. */
    static List<OwnerBook.Entry> read(RouteEntry... entries) {
        return read(List.of(entries));
    }

    static List<OwnerBook.Entry> read(List<RouteEntry> entries) {
        return entries.stream().map(OwnerBook.Entry::new).toList();
    }
}
