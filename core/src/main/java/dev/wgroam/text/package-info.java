/** Safe rendering of untrusted text (from `wg`, the table, events) in error messages and logs. */
package dev.wgroam.text;
