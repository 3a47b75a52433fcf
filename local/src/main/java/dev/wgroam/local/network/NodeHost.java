package dev.wgroam.local.network;

import dev.wgroam.agent.health.LinkState;
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.agent.routes.Interfaces;
import dev.wgroam.wireguard.Endpoint;

/** What a node's agent needs from the network it runs on: where its commands run, its links, its names. */
public record NodeHost(CommandRunner runner, LinkState links, Interfaces interfaces, Endpoint backboneEndpoint) {
}
