/**
 * The agent's configuration: one properties file overlaid by {@code WGROAM_*} environment
 * variables, parsed and validated once into {@link dev.wgroam.agent.config.AgentConfig}.
 */
package dev.wgroam.agent.config;
