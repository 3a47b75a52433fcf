package dev.wgroam.agent.health;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class HealthPortTest {

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        }
    }

    @Test
    void set_togglesWhetherTheTcpHandshakeSucceeds() throws IOException {
        int port = freeLoopbackPort();
        try (HealthPort health = new HealthPort(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertThrows(ConnectException.class, () -> connect(port), "closed before the first healthy verdict");

            health.set(true);
            connect(port);
            health.set(true);
            connect(port);

            health.set(false);
            assertThrows(ConnectException.class, () -> connect(port), "refused while unhealthy");

            health.set(true);
            connect(port);
            assertTrue(health.isOpen());
        }
    }
}
