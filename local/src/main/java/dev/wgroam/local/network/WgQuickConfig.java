package dev.wgroam.local.network;

import dev.wgroam.routes.Cidr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What wg-quick itself takes from a client's config beyond {@code wg setconf}'s part (which
 * {@code wg-quick strip} gives): the interface's addresses, and the routes its peers' allowed IPs
 * become. Read from the printed text only, so a lab client holds nothing the config does not say.
 * No component holds the private key.
 */
public record WgQuickConfig(List<Cidr> addresses, List<Cidr> allowedIps, String endpoint) {

    public WgQuickConfig {
        addresses = List.copyOf(addresses);
        allowedIps = List.copyOf(allowedIps);
    }

    /** Parses the {@code Address}, {@code AllowedIPs} and {@code Endpoint} lines; one peer, as a wg-roam client has. */
    public static WgQuickConfig parse(String text) {
        List<Cidr> addresses = new ArrayList<>();
        List<Cidr> allowedIps = new ArrayList<>();
        String endpoint = null;
        for (String raw : text.lines().toList()) {
            String line = raw.replaceFirst("#.*", "").strip();
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "Address" -> addresses.addAll(cidrs(value));
                case "AllowedIPs" -> allowedIps.addAll(cidrs(value));
                case "Endpoint" -> endpoint = value;
                default -> { }
            }
        }
        if (addresses.isEmpty() || allowedIps.isEmpty() || endpoint == null) {
            throw new IllegalArgumentException("a client's wg-quick config needs Address, AllowedIPs and Endpoint");
        }
        return new WgQuickConfig(addresses, allowedIps, endpoint);
    }

    /** The client's tunnel address: its one /32. */
    public Cidr address() {
        return addresses.get(0);
    }

    /** The allowed IPs as {@code wg set … allowed-ips} takes them. */
    public String allowedIpsArgument() {
        return String.join(",", allowedIps.stream().map(Cidr::toString).toList());
    }

    private static List<Cidr> cidrs(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }
}
