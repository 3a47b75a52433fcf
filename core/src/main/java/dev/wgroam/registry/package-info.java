/**
 * What the operator approves and registers — fleet settings, node approvals, clients — and the
 * pure check of a node's word against it. Only operator credentials write these items; every
 * consumer believes them over anything a node says about routing.
 */
package dev.wgroam.registry;
