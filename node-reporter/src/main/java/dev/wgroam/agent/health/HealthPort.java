package dev.wgroam.agent.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The TCP port Global Accelerator health-checks. A TCP check passes as soon as the handshake
 * completes, so accepting and then closing would still read as healthy: instead the port is bound
 * only while the node is healthy and unbound (connections refused) while it is not.
 */
public final class HealthPort implements AutoCloseable {

    private final InetSocketAddress address;
    private ServerSocket socket;
    private Thread acceptor;

    public HealthPort(InetSocketAddress address) {
        this.address = address;
    }

    /** Opens or closes the port to match {@code healthy}; calling it again with the same value does nothing. */
    public synchronized void set(boolean healthy) {
        if (healthy && socket == null) {
            open();
        } else if (!healthy && socket != null) {
            close();
        }
    }

    public synchronized boolean isOpen() {
        return socket != null;
    }

    /** The bound port (useful when configured as 0 in tests); -1 while closed. */
    public synchronized int localPort() {
        return socket == null ? -1 : socket.getLocalPort();
    }

    private void open() {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(address, 16);
            socket = server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the health port " + address, e);
        }
        ServerSocket server = socket;
        // A platform thread: closing a socket that a virtual thread is parked on defers the kernel
        // close, and the port would keep completing handshakes for a moment after going unhealthy.
        acceptor = Thread.ofPlatform().daemon().name("health-port").start(() -> acceptUntilClosed(server));
    }

    private static void acceptUntilClosed(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                connection.shutdownOutput();
            } catch (IOException e) {
                // Closed by set(false), or the peer went away; either way nothing to do.
            } catch (Throwable t) {
                // Global Accelerator reads a port that stops answering as a dead node: keep accepting.
            }
        }
    }

    @Override
    public synchronized void close() {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
            acceptor.join(1000);
        } catch (IOException e) {
            // The port is being given up; a failure to close cleanly changes nothing for callers.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket = null;
        acceptor = null;
    }
}
