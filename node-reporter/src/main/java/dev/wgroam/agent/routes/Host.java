package dev.wgroam.agent.routes;

/** The host's managed network state: read it, change it one step at a time. */
public interface Host {

    /** The backbone peers and the routes on the clients and backbone interfaces. */
    HostState read();

    /** Makes one change; throws {@link dev.wgroam.commands.CommandFailedException} when it fails. */
    void apply(HostChange change);
}
