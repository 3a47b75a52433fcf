package dev.wgroam.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/TABLE.md shows each item as the console does; each shown item must hold exactly the
 * attributes its codec writes, so the document cannot drift from the code.
 */
class TableDocTest {

    private static final Path DOC = Path.of("..", "docs", "TABLE.md");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE = Pattern.compile("\"([A-Za-z]+)\":");
    private static final Pattern KIND = Pattern.compile("\"kind\": \"([a-z]+)\"");

    @Test
    void consoleViews_showExactlyTheAttributesTheCodecsWrite() throws IOException {
        Map<String, Set<String>> documented = new TreeMap<>();
        Matcher block = JSON_BLOCK.matcher(Files.readString(DOC));
        while (block.find()) {
            Matcher kind = KIND.matcher(block.group(1));
            assertTrue(kind.find(), "a console view without a kind: " + block.group(1));
            Matcher attribute = ATTRIBUTE.matcher(block.group(1));
            Set<String> names = documented.computeIfAbsent(kind.group(1), k -> new TreeSet<>());
            while (attribute.find()) {
                names.add(attribute.group(1));
            }
        }

        Map<String, Set<String>> written = new TreeMap<>();
        written.put("fleet", new TreeSet<>(SampleItem.FLEET.item().keySet()));
        written.put("approval", new TreeSet<>(SampleItem.APPROVAL.item().keySet()));
        written.put("client", new TreeSet<>(SampleItem.CLIENT.item().keySet()));
        written.put("claim", new TreeSet<>(RegisteredClientItem.claimItem(
                RegisteredClientItem.addressClaimKey(Samples.client().address()), Samples.client()).keySet()));
        written.put("node", new TreeSet<>(SampleItem.NODE.item().keySet()));
        written.put("observation", new TreeSet<>(SampleItem.OBSERVATION.item().keySet()));
        assertEquals(written, documented);
    }
}
