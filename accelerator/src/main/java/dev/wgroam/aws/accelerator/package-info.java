/**
 * Global Accelerator endpoint weights: the adapter the failover function drains and restores through,
 * and the operator CLI reads weights and health with. Updates always send the whole endpoint list
 * with explicit weights.
 */
package dev.wgroam.aws.accelerator;
