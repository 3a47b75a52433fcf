/**
 * The gate for tests that need real WireGuard (the lab itself is dev.wgroam.lab.netns): it skips
 * such tests loudly where root or the programs are missing, or fails them where
 * {@code WGROAM_REQUIRE_NETNS=1} says they must run.
 */
package dev.wgroam.agent.netns;
