package dev.wgroam.agent.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

/**
 * The running agent's end of the control socket: a Unix socket, readable and writable by its owner
 * (root) only, that takes one request per connection and answers with the handler's reply. The
 * route updates SSM delivers reach the agent this way, so only the agent ever changes routes.
 */
public final class ControlServer implements AutoCloseable {

    /** A request larger than this is refused; SSM parameters are far smaller. */
    public static final int MAX_REQUEST_BYTES = 256 * 1024;

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    public ControlServer(Path path, Function<String, String> handler) {
        this.path = path;
        try {
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the control socket " + path, e);
        }
        acceptor = Thread.ofPlatform().daemon().name("control-socket").start(() -> serve(handler));
    }

    private void serve(Function<String, String> handler) {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                String request = ControlProtocol.readAll(connection, MAX_REQUEST_BYTES);
                String reply;
                try {
                    reply = handler.apply(request);
                } catch (Throwable t) {
                    // The caller learns that nothing is sure to be applied; reconcile heals it.
                    reply = ControlProtocol.Status.FAILED + " " + (t.getMessage() == null ? t.toString() : t.getMessage()) + "\n";
                }
                connection.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // A client that went away, or the server closing: the next accept decides.
            } catch (Throwable t) {
                // Whatever one connection did, the socket keeps serving the next: only close() ends it.
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(1000);
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Shutting down; a leftover socket file is removed at the next start.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
