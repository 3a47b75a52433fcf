package dev.wgroam.agent.config;

import java.util.List;

/** Thrown at start-up when the configuration is incomplete or invalid; lists every problem at once. */
public final class ConfigException extends RuntimeException {

    public ConfigException(List<String> problems) {
        super("wg-roam agent configuration: " + String.join("; ", problems)
                + " (set them in the config file or as WGROAM_* environment variables)");
    }
}
