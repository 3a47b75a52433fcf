/**
 * The client watchdog: on a VPN client, notices a dead tunnel — by a probe through it, or by its
 * handshakes — and makes the accelerator choose a healthy node again (new listen port, peer reset).
 */
package dev.wgroam.agent.watchdog;
