/**
 * Running host programs ({@code wg}, {@code ip}) for the agent, the watchdog and local mode:
 * argument vectors only, never a shell, with a timeout and bounded output, and failures that carry
 * argv, exit status and stderr.
 */
package dev.wgroam.commands;
