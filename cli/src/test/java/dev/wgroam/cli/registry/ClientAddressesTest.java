package dev.wgroam.cli.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.routes.Cidr;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    static final Cidr CLIENTS = Cidr.parse("10.50.0.0/24");

    @Test
    void lowestFree_skipsTheNetworkAndGatewayAddresses() {
        assertEquals(Optional.of(Cidr.parse("10.50.0.2/32")), ClientAddresses.lowestFree(CLIENTS, Set.of()));
    }

    @Test
    void lowestFree_takesTheLowestGap() {
        Set<Cidr> taken = Set.of(Cidr.parse("10.50.0.2/32"), Cidr.parse("10.50.0.4/32"));
        assertEquals(Optional.of(Cidr.parse("10.50.0.3/32")), ClientAddresses.lowestFree(CLIENTS, taken));
    }

    @Test
    void lowestFree_neverGivesTheBroadcastAddress_andSaysWhenFull() {
        Set<Cidr> taken = new HashSet<>();
        for (int host = 2; host <= 253; host++) {
            taken.add(Cidr.parse("10.50.0." + host + "/32"));
        }
        assertEquals(Optional.of(Cidr.parse("10.50.0.254/32")), ClientAddresses.lowestFree(CLIENTS, taken));
        taken.add(Cidr.parse("10.50.0.254/32"));
        assertEquals(Optional.empty(), ClientAddresses.lowestFree(CLIENTS, taken));
    }

    @Test
    void refusal_namesWhatTheAddressIs() {
        assertTrue(ClientAddresses.refusal(CLIENTS, Cidr.parse("10.50.0.0/32")).orElseThrow().contains("network address"));
        assertTrue(ClientAddresses.refusal(CLIENTS, Cidr.parse("10.50.0.1/32")).orElseThrow().contains("gateway"));
        assertTrue(ClientAddresses.refusal(CLIENTS, Cidr.parse("10.50.0.255/32")).orElseThrow().contains("broadcast"));
        assertTrue(ClientAddresses.refusal(CLIENTS, Cidr.parse("10.51.0.7/32")).orElseThrow().contains("outside the client CIDR"));
        assertTrue(ClientAddresses.refusal(CLIENTS, Cidr.parse("10.50.0.8/31")).orElseThrow().contains("/32"));
        assertEquals(Optional.empty(), ClientAddresses.refusal(CLIENTS, Cidr.parse("10.50.0.7/32")));
    }

    @Test
    void aTinyClientCidr_hasNoClientAddress() {
        assertEquals(Optional.empty(), ClientAddresses.lowestFree(Cidr.parse("10.50.0.0/31"), Set.of()));
        assertEquals(Optional.of(Cidr.parse("10.50.0.2/32")), ClientAddresses.lowestFree(Cidr.parse("10.50.0.0/30"), Set.of()));
    }
}
