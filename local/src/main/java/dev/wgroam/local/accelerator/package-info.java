/**
 * A Global Accelerator stand-in for the lab: endpoint groups with weights and health, steered through
 * the same UpdateEndpointGroup calls the failover function makes, and an edge namespace that forwards
 * the clients' UDP with nftables DNAT, conntrack stickiness and an idle timeout.
 */
package dev.wgroam.local.accelerator;
