/** The agent's AWS SDK clients, built once with explicit region, timeouts and retry policy. */
package dev.wgroam.agent.aws;
