package dev.wgroam.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against a loopback stand-in that enforces IMDSv2's token handshake. */
class InstanceMetadataTest {

    private static HttpServer imdsV2() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/latest/api/token", exchange -> {
            boolean ok = "PUT".equals(exchange.getRequestMethod())
                    && exchange.getRequestHeaders().containsKey("X-aws-ec2-metadata-token-ttl-seconds");
            byte[] body = "token-123".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/latest/dynamic/instance-identity/document", exchange -> {
            boolean ok = "token-123".equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"));
            byte[] body = ("{\n  \"accountId\" : \"123456789012\",\n  \"instanceId\" : \"i-0a1b2c3d4e5f67890\",\n"
                    + "  \"region\" : \"eu-west-1\",\n  \"architecture\" : \"x86_64\"\n}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, ok ? body.length : -1);
            if (ok) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void fillMissing_buildsTheInstanceArnAndRegion_andNothingTheApprovalSays() throws IOException {
        HttpServer server = imdsV2();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            Map<String, String> filled = InstanceMetadata.fillMissing(Map.of("node.name", "vpn-a"), endpoint);

            assertEquals("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890", filled.get("node.id"));
            assertEquals("eu-west-1", filled.get("region"));
            assertFalse(filled.containsKey("ga.endpoint.id"), "the accelerator endpoint is the approval's");
            assertEquals("vpn-a", filled.get("node.name"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void fillMissing_keepsConfiguredValues() throws IOException {
        HttpServer server = imdsV2();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            Map<String, String> filled = InstanceMetadata.fillMissing(Map.of("node.id", "node-a", "region", ""), endpoint);

            assertEquals("node-a", filled.get("node.id"));
            assertEquals("eu-west-1", filled.get("region"), "a blank value is filled");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void fillMissing_offEc2_leavesTheMapAsItIs() {
        Map<String, String> raw = Map.of("node.name", "vpn-a");
        // A loopback port nothing listens on: refused at once, as off EC2.
        assertEquals(raw, InstanceMetadata.fillMissing(raw, URI.create("http://127.0.0.1:9")));
    }
}
