package dev.wgroam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command on the CLI module's own classpath (the functions' Lambda, SSM, EC2 and CloudWatch jars
 * left out), so the SDK clients it builds through the functions' client settings must load without
 * them. CliTest, in the test module, covers the commands against the emulators.
 */
class CliMainTest {

    @Test
    void status_whenDynamoDbIsNotReached_saysSoInOneLine() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = CliMain.run(List.of("status", "--endpoint", "http://127.0.0.1:" + closedPort), Map.of(),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(69, exit, message);
        assertTrue(message.startsWith("cannot reach DynamoDB in eu-west-1: "), message);
        assertEquals(1, message.lines().count(), message);
    }
}
