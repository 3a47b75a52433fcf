package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.functions.failover.FailoverConfig;
import dev.wgroam.functions.ownership.OwnershipConfig;
import dev.wgroam.operator.OperatorAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** template.yaml against the code: handlers in the jars SAM ships, and every variable the code reads set. */
class TemplateTest {

    /** Lambda sets these itself. */
    static final Set<String> RUNTIME_VARIABLES = Set.of("AWS_REGION");

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(String function) {
        return (Map<String, Object>) Template.resource(function).get("Properties");
    }

    /** The jar the Makefile target of a function copies for sam build. */
    static Path jarOf(String function) throws IOException {
        String makefile = Files.readString(Path.of("..", "Makefile"));
        Matcher m = Pattern.compile("build-" + function + ":\\n(?:\\t.*\\n)*?\\tcp (\\S+) ").matcher(makefile);
        assertTrue(m.find(), "the Makefile has no build-" + function + " target that copies a jar");
        return Path.of("..", m.group(1));
    }

    /**
     * Every name built from FleetName fits AWS's limit at the longest FleetName the parameter allows
     * (EventBridge rule 64, event bus 256, SSM document 128), and one more character
     * would not fit the tightest: the pattern allows no fleet a deploy would refuse halfway.
     */
    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void theLongestFleetNameAllowed_fitsEveryNameBuiltFromIt() {
        Map<String, Object> fleetName = (Map<String, Object>) ((Map<String, Object>) Template.load().get("Parameters"))
                .get("FleetName");
        Matcher bound = Pattern.compile("\\{1,(\\d+)}\"?$").matcher((String) fleetName.get("AllowedPattern"));
        assertTrue(bound.find(), fleetName.toString());
        int longest = Integer.parseInt(bound.group(1));
        Map<String, String> parameters = new java.util.HashMap<>(ForgedPermissionsTest.NODE_REGION_STACK);
        parameters.put("FleetName", "f".repeat(longest));
        Map<String, Object> events = (Map<String, Object>) properties("FailoverFunction").get("Events");
        Map<String, Integer> limits = Map.of(
                (String) Template.evaluate(((Map<String, Object>) ((Map<String, Object>) events.get("Sweep"))
                        .get("Properties")).get("Name"), parameters), 64,
                (String) ForgedPermissionsTest.properties("OperatorBus", parameters).get("Name"), 256,
                (String) ForgedPermissionsTest.properties("RouteUpdateDocument", parameters).get("Name"), 128);
        limits.forEach((name, limit) -> assertTrue(name.length() <= limit, name + " is longer than " + limit));
        assertTrue(limits.entrySet().stream().anyMatch(e -> e.getKey().length() == e.getValue()),
                "the bound is the tightest limit, not below it: " + limits);
    }

    @ParameterizedTest
    @CsvSource({"OwnershipFunction", "FailoverFunction"})
    void handlerClass_isInTheJarTheMakefileShips(String function) throws IOException {
        String handler = (String) properties(function).get("Handler");
        String className = handler.substring(0, handler.indexOf("::"));
        try (JarFile jar = new JarFile(jarOf(function).toFile())) {
            assertNotNull(jar.getEntry(className.replace('.', '/') + ".class"), className + " not in " + jarOf(function));
        }
    }

    @ParameterizedTest
    @CsvSource({"OwnershipFunction", "FailoverFunction"})
    @SuppressWarnings("unchecked")
    void everyVariableTheCodeReads_isSetByTheTemplate(String function) {
        List<String> read = function.equals("OwnershipFunction") ? OwnershipConfig.VARIABLES : FailoverConfig.VARIABLES;
        Map<String, Object> environment = (Map<String, Object>) properties(function).get("Environment");
        Set<String> set = new TreeSet<>(((Map<String, Object>) environment.get("Variables")).keySet());
        Set<String> expected = new TreeSet<>(read);
        expected.removeAll(RUNTIME_VARIABLES);

        assertEquals(expected, set);
    }

    /** Actions a function's role needs for Lambda's own machinery, not for calls the code makes. */
    static final Set<String> INFRASTRUCTURE = Set.of("sqs:SendMessage");

    @ParameterizedTest
    @CsvSource({"OwnershipFunction", "FailoverFunction"})
    @SuppressWarnings("unchecked")
    void policies_allowExactlyTheActionsTheCodeNeeds(String function) {
        Set<String> allowed = new TreeSet<>();
        for (Object policy : (List<Object>) properties(function).get("Policies")) {
            for (Object statement : (List<Object>) ((Map<String, Object>) policy).get("Statement")) {
                Map<String, Object> st = (Map<String, Object>) statement;
                if ("Allow".equals(st.get("Effect"))) {
                    Object action = st.get("Action");
                    if (action instanceof List<?> list) {
                        list.forEach(a -> allowed.add((String) a));
                    } else {
                        allowed.add((String) action);
                    }
                }
            }
        }
        allowed.removeAll(INFRASTRUCTURE);
        Set<String> needed = new TreeSet<>(function.equals("OwnershipFunction")
                ? dev.wgroam.functions.aws.Permissions.OWNERSHIP : dev.wgroam.functions.aws.Permissions.FAILOVER);

        assertEquals(needed, allowed);
    }

    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void theOperatorActionRule_matchesTheEventTheCliSends() {
        Map<String, Object> events = (Map<String, Object>) properties("FailoverFunction").get("Events");
        Map<String, Object> rule = (Map<String, Object>) events.get("OperatorActions");
        Map<String, Object> pattern = (Map<String, Object>) ((Map<String, Object>) rule.get("Properties")).get("Pattern");
        assertEquals(List.of(OperatorAction.SOURCE), pattern.get("source"));
        assertEquals(List.of(OperatorAction.DETAIL_TYPE), pattern.get("detail-type"));
    }
}
