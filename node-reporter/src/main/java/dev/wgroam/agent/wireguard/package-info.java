/**
 * What the agent observes of its WireGuard interfaces: {@code wg show <iface> dump} run through the
 * host's command runner and parsed into records. Private and preshared keys are dropped as the
 * text is read; nothing in this package holds or prints them.
 */
package dev.wgroam.agent.wireguard;
