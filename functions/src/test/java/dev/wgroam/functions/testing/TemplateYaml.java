package dev.wgroam.functions.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The repository's template.yaml as plain maps, CloudFormation's short tags read as their long
 * forms ({@code !Ref X} as {@code {"Ref": "X"}}, {@code !Sub s} as {@code {"Fn::Sub": s}}).
 */
public final class TemplateYaml {

    private static final Path PATH = Path.of("..", "template.yaml");

    private TemplateYaml() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource = (Map<String, Object>) ((Map<String, Object>) load().get("Resources")).get(logicalId);
        if (resource == null) {
            throw new IllegalStateException("template.yaml has no resource " + logicalId);
        }
        return resource;
    }

    /** The value at a path of map keys below {@code root}. */
    @SuppressWarnings("unchecked")
    public static <T> T at(Map<String, Object> root, String... keys) {
        Object value = root;
        for (String key : keys) {
            value = value instanceof Map<?, ?> map ? map.get(key) : null;
        }
        return (T) value;
    }

    public static Map<String, Object> load() {
        try (Reader reader = Files.newBufferedReader(PATH)) {
            return new Yaml(new CloudFormationTags(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PATH.toAbsolutePath(), e);
        }
    }

    /** Reads any {@code !Tag} as a one-entry map: Ref for !Ref, Fn::Tag for the rest. */
    private static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags(LoaderOptions options) {
            super(options);
            yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String name = tag.equals("Ref") ? "Ref" : "Fn::" + tag;
                    Object value = switch (node) {
                        case ScalarNode scalar -> constructScalar(scalar);
                        case SequenceNode sequence -> constructSequence(sequence);
                        case MappingNode mapping -> constructMapping(mapping);
                        default -> throw new IllegalStateException("unexpected node " + node);
                    };
                    return Map.of(name, value);
                }
            });
        }
    }
}
