/**
 * The node agent's runtime: {@link dev.wgroam.agent.Main} (run, apply, version) and the loops of
 * {@link dev.wgroam.agent.Agent} that tie observing, reporting, routes, health and heartbeat together.
 */
package dev.wgroam.agent;
