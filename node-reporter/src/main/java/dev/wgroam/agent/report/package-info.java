/**
 * Reporting: which observations are worth a write (claims and once-per-lease refreshes) and a
 * bounded, latest-per-item write queue that survives throttling and outages.
 */
package dev.wgroam.agent.report;
