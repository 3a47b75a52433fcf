package dev.wgroam.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where configuration comes from: a properties file ({@code key = value}), overlaid by environment
 * variables named {@code WGROAM_} plus the key in upper case with dots as underscores
 * ({@code clients.interface} ← {@code WGROAM_CLIENTS_INTERFACE}). The one place that reads either.
 */
public final class ConfigSource {

    public static final String ENV_PREFIX = "WGROAM_";

    private ConfigSource() {
    }

    public static Map<String, String> load(Path file, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>(readFile(file));
        for (String key : AgentConfig.DEFAULTS.keySet()) {
            overlay(values, environment, key);
        }
        for (String key : AgentConfig.REQUIRED) {
            overlay(values, environment, key);
        }
        return values;
    }

    public static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static void overlay(Map<String, String> values, Map<String, String> environment, String key) {
        String fromEnvironment = environment.get(environmentName(key));
        if (fromEnvironment != null) {
            values.put(key, fromEnvironment);
        }
    }

    private static Map<String, String> readFile(Path file) {
        if (file == null) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(List.of("cannot read " + file + ": " + e.getMessage()));
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k).trim()));
        return values;
    }
}
