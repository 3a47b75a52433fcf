/**
 * The VPC side of local mode: a follower that makes a VPC host's routes what an EC2 route table
 * (moto's, driven by the failover function) says, as the VPC router would.
 */
package dev.wgroam.local.vpc;
