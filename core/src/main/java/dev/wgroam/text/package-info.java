/** Safe rendering of untrusted text (from `wg`, the table, events) in error messages, logs and JSON. */
package dev.wgroam.text;
