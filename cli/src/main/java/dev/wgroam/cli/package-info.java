/**
 * The operator CLI: the fleet at a glance from the table and Global Accelerator's weights, and
 * drains through the failover function.
 */
package dev.wgroam.cli;
