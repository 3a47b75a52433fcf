package dev.wgroam.agent.wireguard;

/**
 * Part of a kept peer line that was left out, and why: an IPv6 allowed IP, which wg-roam does not
 * route. Same rules for the reason as {@link Rejected}.
 *
 * @param lineNumber 1-based line number in the dump (the interface line is line 1)
 */
public record Skipped(int lineNumber, String reason) {
}
