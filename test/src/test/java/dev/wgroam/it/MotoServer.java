package dev.wgroam.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * One {@code moto_server} per test JVM, on a free loopback port, started on first use and stopped
 * (by its PID) when the JVM exits. Serves SSM, EC2, CloudWatch and EventBridge.
 */
public final class MotoServer {

    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static URI endpoint;

    private MotoServer() {
    }

    /** The server's endpoint; skips (or fails, with WGROAM_REQUIRE_MOTO=1) when moto_server is not installed. */
    public static synchronized URI endpoint() {
        RequiredParts.require(onPath("moto_server"), "moto_server on the PATH (SSM, EC2, CloudWatch emulator)",
                "WGROAM_REQUIRE_MOTO");
        if (endpoint == null) {
            endpoint = start();
        }
        return endpoint;
    }

    private static URI start() {
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Process process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(Files.createTempFile("moto-server", ".log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> process.toHandle().destroy()));
            URI uri = URI.create("http://127.0.0.1:" + port);
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto_server exited with " + process.exitValue());
                }
                if (answers(uri)) {
                    return uri;
                }
                Thread.sleep(100);
            }
            process.toHandle().destroy();
            throw new IllegalStateException("moto_server did not answer on " + uri + " within " + START_TIMEOUT);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting moto_server", e);
        }
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(500);
            return c.getResponseCode() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
