/**
 * The failover function: on a node's alarm, drain it from Global Accelerator and mark it FAILED;
 * after a hold-down of OK, restore it. The decisions are pure ({@link dev.wgroam.functions.failover.FailoverPlan});
 * the Global Accelerator adapter ({@code dev.wgroam.aws.accelerator}) sends full endpoint lists with explicit weights.
 */
package dev.wgroam.functions.failover;
