/**
 * The fleet: node identities, what each node says of itself (its record) and what failover says
 * of it (its status).
 */
package dev.wgroam.fleet;
