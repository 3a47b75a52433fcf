/** An operator's drain or undrain of a node, as the CLI sends it and the failover function reads it. */
package dev.wgroam.operator;
