/**
 * The agent's door to the host's programs ({@code wg}, {@code ip}): argument vectors only, never a
 * shell, with a timeout and bounded output, and failures that carry argv, exit status and stderr.
 */
package dev.wgroam.agent.host;
