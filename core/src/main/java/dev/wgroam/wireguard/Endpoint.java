package dev.wgroam.wireguard;

import dev.wgroam.text.Printable;

import java.util.regex.Pattern;

/**
 * A UDP endpoint as WireGuard prints and accepts it: {@code 203.0.113.7:51820},
 * {@code [2001:db8::1]:51820} or {@code vpn.example.com:51820}.
 */
public record Endpoint(String host, int port) {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9_.-]{1,15})?]");
    /*
     * A name whose last label is a number (decimal, or 0x hex) is no DNS name (RFC 3696, section 2): the
     * resolver behind `wg` reads it as an IPv4 address in inet_aton's spelling, so 010.1.2.3 would
     * become 8.1.2.3 and 127.1 would become 127.0.0.1.
     */
    private static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)(?!(.*\\.)?([0-9]+|0[xX][0-9A-Fa-f]*)$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    public Endpoint {
        if (host == null || !(IPV4.matcher(host).matches() || IPV6.matcher(host).matches() || HOSTNAME.matcher(host).matches())) {
            throw new IllegalArgumentException("not an endpoint host (IPv4, [IPv6] or DNS name): " + Printable.quote(host));
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint port out of range 1-65535: " + port);
        }
    }

    /** Parses {@code host:port}; the host of an IPv6 endpoint is in brackets. */
    public static Endpoint parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.length() > 300) {
            throw new IllegalArgumentException("not an endpoint (host:port): " + Printable.quote(text));
        }
        String port = text.substring(colon + 1);
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) {
            throw new IllegalArgumentException("not an endpoint port: " + Printable.quote(text));
        }
        return new Endpoint(text.substring(0, colon), Integer.parseInt(port));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
