package dev.wgroam.agent.routes;

import static dev.wgroam.agent.routes.Fleet.APPROVALS;
import static dev.wgroam.agent.routes.Fleet.CLIENTS;
import static dev.wgroam.agent.routes.Fleet.INTERFACES;
import static dev.wgroam.agent.routes.Fleet.NOW;
import static dev.wgroam.agent.routes.Fleet.RECORDS;
import static dev.wgroam.agent.routes.Fleet.REGISTRY;
import static dev.wgroam.agent.routes.Fleet.SELF;
import static dev.wgroam.agent.routes.Fleet.SETTINGS;
import static dev.wgroam.agent.routes.Fleet.client;
import static dev.wgroam.agent.routes.Fleet.clientAddress;
import static dev.wgroam.agent.routes.Fleet.entry;
import static dev.wgroam.agent.routes.Fleet.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.lab.simulated.SimulatedHost;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The clients interface kept equal to the registry, through the real argv against a modelled host. */
class ClientPeersTest {

    static final PeerKey HAND_KEY = PeerKey.of(new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
            7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});

    final SimulatedHost host = Fleet.host();
    final HostRouteKeeper keeper = new HostRouteKeeper(SELF, Duration.ofSeconds(30), INTERFACES, new LinuxHost(host, INTERFACES));

    private Map<String, Set<String>> clientPeers() {
        return host.peers("clients").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().allowedIps()));
    }

    private static Map<String, Set<String>> peersOf(List<RegisteredClient> clients) {
        return clients.stream().collect(Collectors.toMap(c -> c.key().base64(), c -> Set.of(c.address().toString())));
    }

    private static Registry registryOf(List<RegisteredClient> clients) {
        return Registry.of(SETTINGS, APPROVALS, clients);
    }

    @Test
    void everyRegisteredClient_isAPeerWithExactlyItsAddressAndNoEndpoint() {
        keeper.reconcile(read(), REGISTRY, RECORDS, NOW);

        assertEquals(peersOf(CLIENTS), clientPeers());
        assertTrue(host.peers("clients").values().stream().allMatch(p -> p.endpoint().equals("(none)")));
        host.clearChanges();
        keeper.reconcile(read(), REGISTRY, RECORDS, NOW);
        assertEquals(List.of(), host.changes(), "a host already in line is not touched");
    }

    @Test
    void removedClient_losesItsPeerAndItsRoute() {
        keeper.reconcile(read(entry(clientAddress(3), SELF, 1)), REGISTRY, RECORDS, NOW);
        assertEquals("clients", host.routes().get("10.50.0.3/32"));

        List<RegisteredClient> without = CLIENTS.stream().filter(c -> !c.address().equals(clientAddress(3))).toList();
        keeper.reconcile(read(entry(clientAddress(3), SELF, 1)), registryOf(without), RECORDS, NOW);

        assertEquals(peersOf(without), clientPeers());
        assertFalse(host.routes().containsKey("10.50.0.3/32"), "an unregistered client's owner entry routes nothing");
    }

    @Test
    void rotatedClient_keepsItsAddressUnderTheNewKeyOnly() {
        keeper.reconcile(read(entry(clientAddress(3), SELF, 1)), REGISTRY, RECORDS, NOW);
        List<RegisteredClient> rotated = new ArrayList<>(CLIENTS.stream().filter(c -> !c.address().equals(clientAddress(3))).toList());
        RegisteredClient fresh = client(99, clientAddress(3));
        rotated.add(fresh);
        host.clearChanges();

        keeper.reconcile(read(entry(clientAddress(3), SELF, 1)), registryOf(rotated), RECORDS, NOW);

        assertEquals(peersOf(rotated), clientPeers());
        assertEquals("clients", host.routes().get("10.50.0.3/32"), "the address is still routed to the clients interface");
        assertEquals(List.of(
                List.of("wg", "set", "clients", "peer", fresh.key().base64(), "allowed-ips", "10.50.0.3/32"),
                List.of("wg", "set", "clients", "peer", client(3, clientAddress(3)).key().base64(), "remove")),
                host.changes(), "the new key takes the address before the old key goes");
    }

    @Test
    void handConfiguredPeerOutsideTheClientCidr_isLeftAlone_oneInsideGoes() {
        PeerKey stray = client(50, clientAddress(50)).key();
        host.byHand("wg", "set", "clients", "peer", HAND_KEY.base64(), "allowed-ips", "192.168.7.0/24");
        host.byHand("wg", "set", "clients", "peer", stray.base64(), "allowed-ips", "10.50.0.50/32");

        keeper.reconcile(read(), REGISTRY, RECORDS, NOW);

        assertEquals(Set.of("192.168.7.0/24"), clientPeers().get(HAND_KEY.base64()));
        assertFalse(clientPeers().containsKey(stray.base64()), "a peer in the client CIDR the registry lacks goes");
    }

    @Test
    void drainedNode_dropsTheWatchdogClientsPeers_keepsTheOthersAndHandConfiguredOnes_andTakesThemBackWhenServing() {
        List<RegisteredClient> mixed = CLIENTS.stream().map(c -> new RegisteredClient(c.key(), c.address(), c.name(),
                c.createdAt(), CLIENTS.indexOf(c) % 2 == 0)).toList();
        host.byHand("wg", "set", "clients", "peer", HAND_KEY.base64(), "allowed-ips", "192.168.7.0/24");
        keeper.reconcile(read(entry(clientAddress(3), SELF, 1)), registryOf(mixed), RECORDS, NOW);

        keeper.serveClients(false);
        keeper.reconcile(read(entry(clientAddress(3), SELF, 1)), registryOf(mixed), RECORDS, NOW);

        Map<String, Set<String>> kept = new java.util.HashMap<>(peersOf(mixed.stream().filter(c -> !c.watchdog()).toList()));
        kept.put(HAND_KEY.base64(), Set.of("192.168.7.0/24"));
        assertEquals(kept, clientPeers(), "watchdog clients leave, many as they are; nothing would move the others");
        keeper.serveClients(true);
        keeper.reconcile(read(entry(clientAddress(3), SELF, 1)), registryOf(mixed), RECORDS, NOW);
        Map<String, Set<String>> all = new java.util.HashMap<>(peersOf(mixed));
        all.put(HAND_KEY.base64(), Set.of("192.168.7.0/24"));
        assertEquals(all, clientPeers());
    }

    @Test
    void peerWhoseAllowedIpsWereChangedByHand_getsItsAddressBack() {
        keeper.reconcile(read(), REGISTRY, RECORDS, NOW);
        String key = CLIENTS.get(0).key().base64();
        host.byHand("wg", "set", "clients", "peer", key, "allowed-ips", "10.50.0.1/32,10.50.9.0/24");

        keeper.reconcile(read(), REGISTRY, RECORDS, NOW);

        assertEquals(Set.of("10.50.0.1/32"), clientPeers().get(key));
    }

    @Test
    void registryReadWithNoClients_whileManyArePeers_removesNone() {
        keeper.reconcile(read(), REGISTRY, RECORDS, NOW);

        keeper.reconcile(read(), registryOf(List.of()), RECORDS, NOW);

        assertEquals(peersOf(CLIENTS), clientPeers(), "a registry that lost every client is suspect");
    }

    @Test
    void removingTheLastClient_removesItsPeer() {
        List<RegisteredClient> one = List.of(CLIENTS.get(0));
        keeper.reconcile(read(), registryOf(one), RECORDS, NOW);
        assertEquals(peersOf(one), clientPeers());

        keeper.reconcile(read(), registryOf(List.of()), RECORDS, NOW);

        assertEquals(Map.of(), clientPeers());
    }

    @Test
    void withoutFleetSettings_noClientPeerIsAddedOrRemoved() {
        host.byHand("wg", "set", "clients", "peer", HAND_KEY.base64(), "allowed-ips", "10.50.0.60/32");

        keeper.reconcile(read(), Registry.of(null, APPROVALS, List.of()), RECORDS, NOW);

        assertEquals(Map.of(HAND_KEY.base64(), Set.of("10.50.0.60/32")), clientPeers());
    }
}
