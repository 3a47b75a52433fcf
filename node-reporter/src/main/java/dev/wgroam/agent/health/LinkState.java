package dev.wgroam.agent.health;

import dev.wgroam.agent.wireguard.InterfaceName;

/** Whether an interface is administratively up; a missing interface is down. */
@FunctionalInterface
public interface LinkState {
    boolean isUp(InterfaceName name);
}
