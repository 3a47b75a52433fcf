package dev.wgroam.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code node.id} (the instance ARN) and {@code region} from EC2 instance metadata, IMDSv2
 * only (a session token first), when the configuration does not set them. Off EC2 the first request fails fast and nothing is filled.
 */
public final class InstanceMetadata {

    public static final URI DEFAULT_ENDPOINT = URI.create("http://169.254.169.254");
    private static final int TIMEOUT_MILLIS = 1000;
    private static final Pattern FIELD = Pattern.compile("\"(region|instanceId|accountId)\"\\s*:\\s*\"([A-Za-z0-9-]{1,64})\"");

    private InstanceMetadata() {
    }

    /** Returns {@code raw} with the missing keys filled from instance metadata where it answers. */
    public static Map<String, String> fillMissing(Map<String, String> raw, URI endpoint) {
        boolean needed = isBlank(raw.get("node.id")) || isBlank(raw.get("region"));
        if (!needed) {
            return raw;
        }
        Map<String, String> identity;
        try {
            identity = identity(endpoint);
        } catch (IOException e) {
            return raw;
        }
        String region = identity.get("region");
        String instance = identity.get("instanceId");
        String account = identity.get("accountId");
        Map<String, String> filled = new HashMap<>(raw);
        if (region != null && instance != null && account != null) {
            filled.merge("node.id", "arn:aws:ec2:" + region + ":" + account + ":instance/" + instance,
                    (old, arn) -> isBlank(old) ? arn : old);
        }
        if (region != null) {
            filled.merge("region", region, (old, value) -> isBlank(old) ? value : old);
        }
        return filled;
    }

    static Map<String, String> identity(URI endpoint) throws IOException {
        HttpURLConnection tokenRequest = open(endpoint.resolve("/latest/api/token"));
        tokenRequest.setRequestMethod("PUT");
        tokenRequest.setRequestProperty("X-aws-ec2-metadata-token-ttl-seconds", "60");
        String token = read(tokenRequest);
        HttpURLConnection documentRequest = open(endpoint.resolve("/latest/dynamic/instance-identity/document"));
        documentRequest.setRequestProperty("X-aws-ec2-metadata-token", token.trim());
        String document = read(documentRequest);
        Map<String, String> fields = new HashMap<>();
        Matcher m = FIELD.matcher(document);
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        return fields;
    }

    private static HttpURLConnection open(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(TIMEOUT_MILLIS);
        c.setReadTimeout(TIMEOUT_MILLIS);
        return c;
    }

    private static String read(HttpURLConnection c) throws IOException {
        if (c.getResponseCode() != 200) {
            throw new IOException("instance metadata answered " + c.getResponseCode() + " for " + c.getURL());
        }
        try (InputStream in = c.getInputStream()) {
            return new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
