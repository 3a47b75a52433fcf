/**
 * WireGuard's own vocabulary, validated: public keys and endpoints. Anything read from `wg`, the
 * table or an event becomes one of these before it is used, so no raw string reaches a command.
 */
package dev.wgroam.wireguard;
