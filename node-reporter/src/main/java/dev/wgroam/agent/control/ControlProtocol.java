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
 * reply's first word is {@link #OK}, {@link #PARTIAL} or {@link #FAILED}.
 */
public final class ControlProtocol {

    public static final String OK = "OK";
    public static final String PARTIAL = "PARTIAL";
    public static final String FAILED = "FAILED";

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
