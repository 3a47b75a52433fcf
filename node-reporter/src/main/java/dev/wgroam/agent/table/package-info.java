/** The agent's side of the table: its own writes and the reads reconcile needs, behind a small port. */
package dev.wgroam.agent.table;
