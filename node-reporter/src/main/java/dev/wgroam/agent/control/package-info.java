/**
 * The control socket between the SSM-run {@code apply} command and the running agent, so that a
 * pushed route update takes the same path as reconcile and only one process changes routes.
 */
package dev.wgroam.agent.control;
