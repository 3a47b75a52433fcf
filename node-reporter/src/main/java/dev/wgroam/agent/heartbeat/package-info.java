/** The CloudWatch heartbeat metric that the per-node alarm watches. */
package dev.wgroam.agent.heartbeat;
