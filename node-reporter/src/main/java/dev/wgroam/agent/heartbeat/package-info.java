/** The CloudWatch heartbeat metric that the per-node alarm watches, and the apply failures sent with it. */
package dev.wgroam.agent.heartbeat;
