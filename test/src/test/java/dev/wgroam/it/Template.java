package dev.wgroam.it;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The repository's template.yaml as plain maps, CloudFormation's short tags read as their JSON forms
 * ({@code !Ref X} as {@code {"Ref": "X"}}, {@code !Sub …} as {@code {"Fn::Sub": …}}), which
 * {@link #evaluate} can work out for given parameter values.
 */
public final class Template {

    public static final Path PATH = Path.of("..", "template.yaml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(!?)([^}]+)}");

    private final Map<String, Object> template;
    private final Map<String, String> parameters;

    /** @param parameters parameter values, pseudo parameters (AWS::Region) included; a parameter left out takes its default */
    private Template(Map<String, Object> template, Map<String, String> parameters) {
        this.template = template;
        this.parameters = parameters;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> resource(String logicalId) {
        Map<String, Object> resources = (Map<String, Object>) load().get("Resources");
        Map<String, Object> resource = (Map<String, Object>) resources.get(logicalId);
        if (resource == null) {
            throw new IllegalStateException("template.yaml has no resource " + logicalId);
        }
        return resource;
    }

    public static Map<String, Object> load() {
        try (Reader reader = Files.newBufferedReader(PATH)) {
            return new Yaml(new CloudFormationTags(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PATH.toAbsolutePath(), e);
        }
    }

    /**
     * A value of the template as CloudFormation would work it out, nested maps and lists included:
     * Ref, Fn::Sub, Fn::If with the template's conditions (Fn::Equals, Fn::Not). A Ref to a resource
     * stands for its logical id, a Fn::GetAtt for "LogicalId.Attribute". Any other function is an
     * error, so nothing is silently left unevaluated.
     */
    public static Object evaluate(Object value, Map<String, String> parameters) {
        return new Template(load(), parameters).evaluate(value);
    }

    @SuppressWarnings("unchecked")
    private Object evaluate(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(this::evaluate).toList();
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        if (!isIntrinsic(map)) {
            Map<String, Object> evaluated = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, nested) -> evaluated.put(key, evaluate(nested)));
            return evaluated;
        }
        Map.Entry<String, Object> function = ((Map<String, Object>) map).entrySet().iterator().next();
        Object argument = function.getValue();
        return switch (function.getKey()) {
            case "Ref" -> ref((String) argument);
            // Stands for the attribute of a resource of this stack: "OwnershipFailures.Arn".
            case "Fn::GetAtt" -> argument instanceof String text ? text : String.join(".", (List<String>) argument);
            case "Fn::Sub" -> argument instanceof String text ? sub(text, Map.of())
                    : sub((String) ((List<?>) argument).get(0), (Map<String, Object>) ((List<?>) argument).get(1));
            case "Fn::If" -> {
                List<Object> branches = (List<Object>) argument;
                yield evaluate(condition((String) branches.get(0)) ? branches.get(1) : branches.get(2));
            }
            default -> unsupported(function.getKey());
        };
    }

    /** {@code {"Ref": …}} or {@code {"Fn::…": …}}; any other map is plain data, evaluated value by value. */
    private static boolean isIntrinsic(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    private String sub(String text, Map<String, Object> variables) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String replacement = !m.group(1).isEmpty() ? "${" + name + "}"
                    : variables.containsKey(name) ? String.valueOf(evaluate(variables.get(name))) : ref(name);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    @SuppressWarnings("unchecked")
    private String ref(String name) {
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        Map<String, Object> declared = (Map<String, Object>) ((Map<String, Object>) template.get("Parameters")).get(name);
        if (declared != null && declared.containsKey("Default")) {
            return String.valueOf(declared.get("Default"));
        }
        if (((Map<String, Object>) template.get("Resources")).containsKey(name)) {
            return name;
        }
        throw new IllegalArgumentException("no value for " + name + ": pass it among the parameters");
    }

    @SuppressWarnings("unchecked")
    private boolean condition(String name) {
        return truth(((Map<String, Object>) template.get("Conditions")).get(name));
    }

    @SuppressWarnings("unchecked")
    private boolean truth(Object condition) {
        Map.Entry<String, Object> function = ((Map<String, Object>) condition).entrySet().iterator().next();
        List<Object> arguments = (List<Object>) function.getValue();
        return switch (function.getKey()) {
            case "Fn::Equals" -> evaluate(arguments.get(0)).equals(evaluate(arguments.get(1)));
            case "Fn::Not" -> !truth(arguments.get(0));
            default -> unsupported(function.getKey());
        };
    }

    private static <T> T unsupported(String function) {
        throw new UnsupportedOperationException(function + " is not evaluated here; add it to Template.evaluate");
    }

    private static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags(LoaderOptions options) {
            super(options);
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = scalar.getValue();
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(tag.equals("Ref") ? "Ref" : "Fn::" + tag, value);
                }
            });
        }
    }
}
