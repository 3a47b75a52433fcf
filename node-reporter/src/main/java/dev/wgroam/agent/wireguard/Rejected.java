package dev.wgroam.agent.wireguard;

/**
 * A peer line of a dump that was dropped whole, and why. The reason names the field and never
 * holds key material: anything that looks like a key is hidden before it is quoted.
 *
 * @param lineNumber 1-based line number in the dump (the interface line is line 1)
 */
public record Rejected(int lineNumber, String reason) {
}
