/**
 * One model of a Linux host's {@code wg} and {@code ip}, faithful to the real tools and failing on
 * any command it does not know: the agent's tests run on it, and so does local mode without root.
 */
package dev.wgroam.lab.simulated;
