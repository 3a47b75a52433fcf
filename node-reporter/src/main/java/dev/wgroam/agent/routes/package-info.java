/**
 * The agent's routes: the owner book (versioned, merge-only-newer), the desired host state derived
 * from it, the ordered diff that adds before it deletes, and the Linux host that applies it with
 * {@code wg} and {@code ip} argument vectors.
 */
package dev.wgroam.agent.routes;
