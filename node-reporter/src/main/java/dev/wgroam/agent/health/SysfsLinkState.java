package dev.wgroam.agent.health;

import dev.wgroam.agent.wireguard.InterfaceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link LinkState} from {@code /sys/class/net/<name>/flags} (IFF_UP):
 * a file read, no process, cheap enough for every poll. A missing interface is down.
 */
public final class SysfsLinkState implements LinkState {

    private static final int IFF_UP = 0x1;
    private final Path sysClassNet;

    public SysfsLinkState(Path sysClassNet) {
        this.sysClassNet = sysClassNet;
    }

    public static SysfsLinkState system() {
        return new SysfsLinkState(Path.of("/sys/class/net"));
    }

    @Override
    public boolean isUp(InterfaceName name) {
        try {
            String flags = Files.readString(sysClassNet.resolve(name.value()).resolve("flags")).trim();
            return (Integer.decode(flags) & IFF_UP) != 0;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
