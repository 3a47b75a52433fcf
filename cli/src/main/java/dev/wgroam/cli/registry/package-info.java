/**
 * The operator's writes to the registry — fleet settings, node approvals, clients — each checked
 * against what is already registered before anything is written, so a write the consumers would
 * not believe is refused at once. Used by the CLI and by local mode.
 */
package dev.wgroam.cli.registry;
