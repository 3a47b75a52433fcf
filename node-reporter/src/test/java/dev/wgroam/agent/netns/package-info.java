/**
 * Test support for tests that need real WireGuard: a lab of throwaway network namespaces, joined by
 * veth pairs and running wireguard-go, and the gate that skips such tests loudly where root or the
 * programs are missing (or fails them where {@code WGROAM_REQUIRE_NETNS=1} says they must run).
 */
package dev.wgroam.agent.netns;
