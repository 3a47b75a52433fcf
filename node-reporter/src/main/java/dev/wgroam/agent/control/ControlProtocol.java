package dev.wgroam.agent.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One request, one reply, then the connection closes. The client half-closes after sending; the
 * reply's first word is its {@link Status}.
 */
public final class ControlProtocol {

    /** The first word of every reply. */
    public enum Status {
        /** Applied, stale entries included. */
        OK,
        /** Some host changes failed; the next reconcile tries again. */
        PARTIAL,
        /** Refused or not sure to be applied; the next reconcile heals it. */
        FAILED;

        /** The status of {@code reply}; a reply of no known form is {@link #FAILED}. */
        public static Status of(String reply) {
            String word = reply.split("\\s", 2)[0];
            for (Status status : values()) {
                if (status.name().equals(word)) {
                    return status;
                }
            }
            return FAILED;
        }
    }

    private ControlProtocol() {
    }

    /** Sends {@code request} to the agent at {@code socket} and returns its reply. */
    public static String call(Path socket, String request, int maxReplyBytes) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            return readAll(channel, maxReplyBytes);
        }
    }

    static String readAll(SocketChannel channel, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            if (out.size() + buffer.remaining() > maxBytes) {
                throw new IOException("control message longer than " + maxBytes + " bytes");
            }
            out.write(buffer.array(), 0, buffer.remaining());
            buffer.clear();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
