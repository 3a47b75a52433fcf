package dev.wgroam.agent.report;

import dev.wgroam.agent.routes.OwnerBook;
import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reporting rule's write budget in steady state: one node, 100 clients, a simulated day of
 * 1 s polls through the real {@link Reporter} and {@link WriteQueue}. 90 clients talk to this node
 * (a handshake every 2 minutes, WireGuard's rekey interval) and are owned by it; 10 are owned by
 * another node and seen here only when they roam (on average once every 6 hours each). Prints
 * writes per client-hour; see docs/BENCHMARKS.md. Not part of the default test run.
 */
class WriteBudgetBenchmark {

    static final NodeId SELF = new NodeId("node-a");
    static final NodeId OTHER = new NodeId("node-b");
    static final int CLIENTS = 100;
    static final int OWNED_HERE = 90;
    static final Duration DAY = Duration.ofHours(24);

    @Test
    void steadyStateWritesPerClientHour() {
        int[] writes = new int[CLIENTS];
        Map<String, Integer> byKey = new HashMap<>();
        WriteQueue queue = new WriteQueue(item -> writes[byKey.get(item.get("sk").s())]++, 10_000, () -> 0.5, e -> { });
        Reporter reporter = new Reporter(SELF, new ReportPolicy(SELF, Duration.ofMinutes(15), Duration.ofSeconds(5)), queue);
        Instant start = Instant.parse("2026-11-24T00:00:00Z");
        Random random = new Random(42);
        List<PeerKey> keys = new ArrayList<>();
        List<RegisteredClient> registered = new ArrayList<>();
        Map<Cidr, OwnerBook.Entry> owners = new HashMap<>();
        long[] lastHandshake = new long[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            byte[] raw = new byte[32];
            raw[0] = (byte) i;
            keys.add(PeerKey.of(raw));
            registered.add(new RegisteredClient(keys.get(i), prefix(i), new ClientName("client-" + i), start));
            byKey.put("observation#" + keys.get(i).base64(), i);
            owners.put(prefix(i), owner(i, i < OWNED_HERE ? SELF : OTHER, start));
            lastHandshake[i] = i < OWNED_HERE ? random.nextInt(120) : 0;
        }
        Registry registry = Registry.of(new FleetSettings(Cidr.parse("10.50.0.0/16"), Cidr.parse("10.99.0.0/24"),
                "203.0.113.100"), List.of(), registered);
        int roams = 0;
        OwnerBook book = new OwnerBook(owners, Map.of());
        for (long second = 0; second < DAY.toSeconds(); second++) {
            Instant now = start.plusSeconds(second);
            List<PeerState> peers = new ArrayList<>(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                if (i < OWNED_HERE && second - lastHandshake[i] >= 120) {
                    lastHandshake[i] = second;
                } else if (i >= OWNED_HERE && random.nextInt(6 * 3600) == 0) {
                    // A roam here: a fresh handshake; the ownership function makes this node the owner.
                    lastHandshake[i] = second;
                    roams++;
                    owners.put(prefix(i), owner(i, SELF, start.plusSeconds(second)));
                    book = new OwnerBook(owners, Map.of());
                }
                peers.add(new PeerState(keys.get(i), Endpoint.parse("198.51.100.7:40000"), List.of(prefix(i)),
                        lastHandshake[i] == 0 ? Instant.EPOCH : start.plusSeconds(lastHandshake[i]), 0, 0, 0));
            }
            reporter.poll(peers, registry, book, now);
            queue.drain(now);
        }
        double hours = DAY.toSeconds() / 3600.0;
        int ownedWrites = 0;
        for (int i = 0; i < OWNED_HERE; i++) {
            ownedWrites += writes[i];
        }
        int otherWrites = 0;
        for (int i = OWNED_HERE; i < CLIENTS; i++) {
            otherWrites += writes[i];
        }
        System.out.printf("BENCH write budget: owned clients %.2f writes/client-hour; roaming clients %.2f"
                        + " writes/client-hour (%d roams); all %.2f writes/client-hour%n",
                ownedWrites / (OWNED_HERE * hours), otherWrites / ((CLIENTS - OWNED_HERE) * hours), roams,
                (ownedWrites + otherWrites) / (CLIENTS * hours));
    }

    private static OwnerBook.Entry owner(int i, NodeId node, Instant handshake) {
        return new OwnerBook.Entry(new RouteEntry(prefix(i), node, 1), handshake);
    }

    private static Cidr prefix(int i) {
        return new Cidr((10 << 24) | (50 << 16) | i, 32);
    }
}
