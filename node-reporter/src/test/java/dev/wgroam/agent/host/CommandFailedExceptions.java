package dev.wgroam.agent.host;

import java.util.List;

/** Lets host models in other test packages fail a command the way the real runner does. */
public final class CommandFailedExceptions {

    private CommandFailedExceptions() {
    }

    public static CommandFailedException exited(List<String> argv, int exitCode, String stderr) {
        return CommandFailedException.exited(argv, exitCode, "", stderr);
    }
}
