package dev.wgroam.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {

    @Test
    void call_deliversTheRequestAndReturnsTheReply(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("run/agent.sock");
        try (ControlServer server = new ControlServer(socket, request -> ControlProtocol.Status.OK + " got " + request)) {
            assertEquals("OK got wgr1|a|10.0.0.1/32=0@1",
                    ControlProtocol.call(socket, "wgr1|a|10.0.0.1/32=0@1", 1024));
            assertEquals("OK got second", ControlProtocol.call(socket, "second", 1024));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        }
        assertFalse(Files.exists(socket), "socket file removed on close");
    }

    @Test
    void call_whenHandlerThrows_repliesFailedWithTheReason(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("agent.sock");
        try (ControlServer server = new ControlServer(socket, request -> {
            throw new IllegalArgumentException("not a wgr1 route update");
        })) {
            String reply = ControlProtocol.call(socket, "junk", 1024);
            assertTrue(reply.startsWith(ControlProtocol.Status.FAILED + " not a wgr1"), reply);
        }
    }

    @Test
    void call_whenHandlerThrowsAnError_repliesFailed_andTheSocketServesTheNextCall(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("agent.sock");
        try (ControlServer server = new ControlServer(socket, request -> {
            if (request.equals("first")) {
                throw new StackOverflowError();
            }
            return ControlProtocol.Status.OK + " " + request;
        })) {
            String reply = ControlProtocol.call(socket, "first", 1024);
            assertTrue(reply.startsWith(ControlProtocol.Status.FAILED + " java.lang.StackOverflowError"), reply);
            assertEquals("OK second", ControlProtocol.call(socket, "second", 1024));
        }
    }

    @Test
    void call_whenNoAgentListens_failsWithIoError(@TempDir Path dir) {
        assertThrows(IOException.class, () -> ControlProtocol.call(dir.resolve("absent.sock"), "x", 1024));
    }
}
