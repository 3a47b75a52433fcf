package dev.wgroam.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MalformedItemsTest {

    private static MalformedItemException junk(int i) {
        return new MalformedItemException("pk='node#n1' sk='junk#" + i + "'", "kind", "is missing");
    }

    @Test
    void accept_countsEveryItemButKeepsOnlyTheFirstFew() {
        MalformedItems skipped = new MalformedItems();
        List<MalformedItemException> all = IntStream.range(0, 16_000).mapToObj(MalformedItemsTest::junk).toList();
        all.forEach(skipped);

        assertEquals(16_000, skipped.count());
        assertEquals(all.subList(0, MalformedItems.KEPT), skipped.first());
        assertTrue(skipped.summary().startsWith("16000 malformed items skipped, first: "), skipped.summary());
        assertTrue(skipped.summary().contains("junk#0"), skipped.summary());
    }

    @Test
    void summary_whenNothingSkipped_isEmpty() {
        MalformedItems skipped = new MalformedItems();
        assertEquals(0, skipped.count());
        assertEquals(List.of(), skipped.first());
        assertEquals("", skipped.summary());
    }
}
