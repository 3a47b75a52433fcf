/**
 * What a new client is handed: a key pair made on the operator's machine, and the wg-quick config
 * and watchdog settings built from the registry. Nothing here is stored.
 */
package dev.wgroam.cli.onboarding;
