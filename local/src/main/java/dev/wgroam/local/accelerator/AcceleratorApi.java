package dev.wgroam.local.accelerator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wgroam.text.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The Global Accelerator API for the stand-in, on loopback: DescribeEndpointGroup and
 * UpdateEndpointGroup in GA's JSON 1.1 protocol, so the AWS SDK's own client (as the failover
 * function builds it, with an endpoint override) steers the edge. Refusals come back as GA's error
 * types, which the SDK turns into its modelled exceptions.
 */
public final class AcceleratorApi implements AutoCloseable {

    private static final String TARGET_PREFIX = "GlobalAccelerator_V20180706.";

    private final Accelerator accelerator;
    private final HttpServer server;

    public AcceleratorApi(Accelerator accelerator) {
        this.accelerator = accelerator;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the accelerator API on loopback", e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = 200;
            String response;
            try {
                JsonNode request = JsonNode.parser().parse(body);
                response = switch (target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target) {
                    case "DescribeEndpointGroup" -> group(accelerator.describe(string(request, "EndpointGroupArn")));
                    case "UpdateEndpointGroup" -> group(accelerator.update(string(request, "EndpointGroupArn"),
                            settings(request)));
                    default -> throw new Accelerator.RefusedException("UnknownOperationException",
                            "the stand-in does not serve " + target);
                };
            } catch (Accelerator.RefusedException e) {
                status = 400;
                response = error(e.code(), e.getMessage());
            } catch (RuntimeException e) {
                status = 400;
                response = error("InvalidArgumentException", "malformed request: " + e.getMessage());
            }
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String string(JsonNode request, String field) {
        return request.field(field).filter(JsonNode::isString).map(JsonNode::asString)
                .orElseThrow(() -> new IllegalArgumentException(field + " is missing"));
    }

    private static List<Accelerator.EndpointSetting> settings(JsonNode request) {
        List<Accelerator.EndpointSetting> settings = new ArrayList<>();
        for (JsonNode c : request.field("EndpointConfigurations").map(JsonNode::asArray).orElse(List.of())) {
            settings.add(new Accelerator.EndpointSetting(string(c, "EndpointId"),
                    c.field("Weight").filter(JsonNode::isNumber).map(n -> Integer.valueOf(n.asNumber())).orElse(null),
                    c.field("ClientIPPreservationEnabled").filter(JsonNode::isBoolean).map(JsonNode::asBoolean).orElse(null)));
        }
        return settings;
    }

    private static String group(EndpointGroupState group) {
        List<Map<String, Object>> descriptions = new ArrayList<>();
        for (AcceleratorEndpoint e : group.endpoints()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("EndpointId", e.id());
            d.put("Weight", e.weight());
            d.put("HealthState", e.health().name());
            d.put("ClientIPPreservationEnabled", e.clientIpPreservation());
            descriptions.add(d);
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("EndpointGroupArn", group.arn());
        g.put("EndpointGroupRegion", group.region().name());
        g.put("EndpointDescriptions", descriptions);
        g.put("TrafficDialPercentage", 100.0);
        return Json.write(Map.of("EndpointGroup", g));
    }

    private static String error(String code, String message) {
        return Json.write(Map.of("__type", code, "Message", message));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
