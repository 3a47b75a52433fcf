package dev.wgroam.it;

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

/** The repository's template.yaml as plain maps, CloudFormation's short tags (!Sub, !Ref…) read as their values. */
public final class Template {

    public static final Path PATH = Path.of("..", "template.yaml");

    private Template() {
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

    private static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags(LoaderOptions options) {
            super(options);
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (node instanceof ScalarNode scalar) {
                        return scalar.getValue();
                    }
                    if (node instanceof SequenceNode sequence) {
                        return constructSequence(sequence);
                    }
                    return constructMapping((MappingNode) node);
                }
            });
        }
    }
}
