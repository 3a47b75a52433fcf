/** JSON log lines and CloudWatch embedded-metric-format lines, written to stdout for Lambda. */
package dev.wgroam.functions.telemetry;
