/** The operator CLI: the fleet at a glance from the table, and drains through the failover function. */
package dev.wgroam.cli;
