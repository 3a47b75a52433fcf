/**
 * The CloudWatch heartbeat metric that the per-node alarm watches, in the node's own namespace,
 * and the apply failures and refusals sent with it.
 */
package dev.wgroam.agent.heartbeat;
