package dev.wgroam.functions.ownership;

import static dev.wgroam.functions.testing.TemplateYaml.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.functions.testing.TemplateYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The stream filter of template.yaml lets through exactly the kinds StreamChanges acts on. */
class OwnershipTemplateTest {

    private static final Pattern KINDS = Pattern.compile("\"kind\": \\{\"S\": \\[([^]]*)]}");

    @SuppressWarnings("unchecked")
    List<String> filters() {
        List<Map<String, Object>> filters = at(TemplateYaml.resource("OwnershipFunction"),
                "Properties", "Events", "TableStream", "Properties", "FilterCriteria", "Filters");
        List<String> patterns = new ArrayList<>();
        filters.forEach(f -> patterns.add((String) f.get("Pattern")));
        return patterns;
    }

    @Test
    void streamFilter_admitsObservationsApprovalsClientsAndStatuses_neverNodeRecordsOrOwners() {
        Set<String> kinds = new TreeSet<>();
        for (String pattern : filters()) {
            Matcher m = KINDS.matcher(pattern);
            assertTrue(m.find(), pattern);
            for (String kind : m.group(1).split(",")) {
                kinds.add(kind.trim().replace("\"", ""));
            }
        }

        assertEquals(Set.of("approval", "client", "observation", "status"), kinds);
    }

    @Test
    void streamFilter_forOperatorAndFunctionItems_requiresAListKey_whichNoNodeCanWrite() {
        List<String> listed = filters().stream().filter(p -> !p.contains("\"observation\"")).toList();

        assertEquals(2, listed.size(), "written (new image) and removed (old image)");
        listed.forEach(p -> assertTrue(p.contains("\"listKey\": {\"S\": [\"approvals\", \"clients\", \"statuses\"]}"), p));
        assertTrue(listed.stream().anyMatch(p -> p.contains("\"eventName\": [\"REMOVE\"]") && p.contains("OldImage")));
    }
}
