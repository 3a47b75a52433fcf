/**
 * The Global Accelerator health check: a pure policy deciding whether the node can forward, and a
 * TCP port that is bound only while it can.
 */
package dev.wgroam.agent.health;
