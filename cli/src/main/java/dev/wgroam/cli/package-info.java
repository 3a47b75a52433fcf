/**
 * The operator CLI: the fleet at a glance from the table and Global Accelerator's weights, drains
 * through the failover function, and the operator's registry commands (fleet settings, node
 * approvals, clients), which write through {@code dev.wgroam.cli.registry}.
 */
package dev.wgroam.cli;
