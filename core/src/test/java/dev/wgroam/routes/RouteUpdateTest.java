package dev.wgroam.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.fleet.NodeId;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteUpdateTest {

    private static final NodeId A = new NodeId("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890");
    private static final NodeId B = new NodeId("node-b");

    @Test
    void encode_listsEachOwnerOnceAndReferencesItByIndex() {
        String text = RouteUpdate.encode(List.of(
                new RouteEntry(Cidr.parse("10.50.0.7/32"), A, 12),
                new RouteEntry(Cidr.parse("10.50.0.9/32"), B, 3),
                new RouteEntry(Cidr.parse("172.31.0.0/16"), A, 1)));

        assertEquals("wgr1|" + A + ",node-b|10.50.0.7/32=0@12,10.50.0.9/32=1@3,172.31.0.0/16=0@1", text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "wgr2|a|10.0.0.1/32=0@1",
        "wgr1|a|10.0.0.1/32=1@1",
        "wgr1|a|10.0.0.1/32=0@0",
        "wgr1|a|10.0.0.1/24=0@1",
        "wgr1|a|10.0.0.1/32=0@1,10.0.0.1/32=0@2",
        "wgr1|a;reboot|10.0.0.1/32=0@1",
        "wgr1|a|10.0.0.1/32=0@1\nrm -rf /",
        "wgr1|$(reboot)|10.0.0.1/32=0@1",
        "wgr1|a|10.0.0.1/32=0@1;id",
        "wgr1|a|10.0.0.1/32=0@99999999999999999999",
        "wgr1|a|10.0.0.1/32=0@1000000000001",       // one above RouteEntry.MAX_VERSION
        "wgr1|a|10.0.0.1/32=0@9999999999999",
        "wgr1||10.0.0.1/32=0@1",
        "wgr1|a|",
        "wgr1|-a|10.0.0.1/32=0@1",
    })
    void decode_whenMalformedOrHostile_refusesTheWholeUpdate(String text) {
        assertThrows(IllegalArgumentException.class, () -> RouteUpdate.decode(text));
    }

    @Test
    void decode_acceptsTheLargestVersionAndNoMore() {
        assertEquals(List.of(new RouteEntry(Cidr.parse("10.0.0.1/32"), B, RouteEntry.MAX_VERSION)),
                RouteUpdate.decode("wgr1|node-b|10.0.0.1/32=0@" + RouteEntry.MAX_VERSION));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RouteUpdate.decode("wgr1|node-b|10.0.0.1/32=0@" + (RouteEntry.MAX_VERSION + 1)));
        assertTrue(e.getMessage().contains(Long.toString(RouteEntry.MAX_VERSION)), e.getMessage());
    }

    @Provide
    Arbitrary<List<RouteEntry>> entryLists() {
        Arbitrary<NodeId> owners = Arbitraries.of(A, B, new NodeId("node-c"));
        Arbitrary<Cidr> prefixes = Arbitraries.integers().between(0, 65535)
                .map(i -> new Cidr((10 << 24) | (50 << 16) | i, 32));
        Arbitrary<RouteEntry> entry = Combinators.combine(prefixes, owners, Arbitraries.longs().between(1, RouteEntry.MAX_VERSION))
                .as(RouteEntry::new);
        return entry.list().ofMinSize(1).ofMaxSize(300).uniqueElements(RouteEntry::prefix);
    }

    @Property(tries = 200)
    void decodeReversesEncodeAndMatchesTheDocumentPattern(@ForAll("entryLists") List<RouteEntry> entries) {
        String text = RouteUpdate.encode(entries);

        assertEquals(entries, RouteUpdate.decode(text));
        assertTrue(Pattern.matches(RouteUpdate.ALLOWED_PATTERN, text));
    }

    @Property(tries = 200)
    void chunksStayUnderTheLimitAndTogetherCarryEveryEntryOnce(@ForAll("entryLists") List<RouteEntry> entries) {
        int limit = 600;
        List<String> chunks = RouteUpdate.encodeInChunks(entries, limit);

        assertTrue(chunks.stream().allMatch(c -> c.length() <= limit));
        assertEquals(entries, chunks.stream().flatMap(c -> RouteUpdate.decode(c).stream()).toList());
        assertEquals(chunks.size() == 1, RouteUpdate.encode(entries).length() <= limit);
    }

    @Example
    void reconcileSignal_passesTheSsmPatternButIsNoRouteUpdate() {
        assertTrue(Pattern.compile(RouteUpdate.ALLOWED_PATTERN).matcher(RouteUpdate.RECONCILE).matches());
        assertTrue(RouteUpdate.isReconcile(RouteUpdate.RECONCILE));
        assertThrows(IllegalArgumentException.class, () -> RouteUpdate.decode(RouteUpdate.RECONCILE));
        assertTrue(!RouteUpdate.isReconcile("wgr1|reconcile|0 "));
    }
}
