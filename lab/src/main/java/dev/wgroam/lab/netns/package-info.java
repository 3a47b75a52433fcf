/**
 * Throwaway network namespaces joined by veth pairs and bridges, running wireguard-go: the real
 * data plane for the namespace tests and for local mode, cleaned up by PID and by name.
 */
package dev.wgroam.lab.netns;
