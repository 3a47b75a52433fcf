/**
 * Who owns each route: the client rule (newest handshake, with a skew margin) and the VPC rule
 * (the ACTIVE node of the prefix's region), both pure functions of the current owner item, the
 * observations and the node states.
 */
package dev.wgroam.ownership;
