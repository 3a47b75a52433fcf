package dev.wgroam.agent.wireguard;

import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the text of {@code wg show <iface> dump}. Lines are tab-separated; the first describes the
 * interface (private key, public key, listen port, fwmark), each further line one peer (public
 * key, preshared key, endpoint, allowed IPs, latest handshake, rx bytes, tx bytes, persistent
 * keepalive). Private and preshared keys are checked for shape and dropped at once.
 *
 * <p>A bad interface line refuses the whole dump ({@link MalformedDumpException}). A bad peer line
 * is rejected alone, with a reason, and every good line is kept; empty lines are ignored. What is
 * rejected rather than guessed at:
 * <ul>
 *   <li>a peer line whose allowed IPs hold one entry that is neither an IPv4 prefix nor an IPv6
 *       one: allowed IPs are the routing truth, and a peer kept with a partial list would look
 *       like it had lost a route. {@code wg} never prints such an entry, so the line is corrupt.</li>
 *   <li>a second line for a public key already seen: only the first is kept, so a key maps to one
 *       state.</li>
 *   <li>counters beyond 2<sup>63</sup>-1 bytes and handshakes after the year 9999: not reachable
 *       by a real interface, so the line is corrupt.</li>
 * </ul>
 * Well-formed IPv6 allowed IPs are left out of the peer (wg-roam routes IPv4 only); the rest of the
 * line is kept.
 */
public final class WgDumpParser {

    private static final String NONE = "(none)";
    private static final int INTERFACE_FIELDS = 4;
    private static final int PEER_FIELDS = 8;
    /** The latest instant a handshake may carry: 9999-12-31T23:59:59Z. */
    private static final long LATEST_PLAUSIBLE_EPOCH_SECOND = 253_402_300_799L;

    private static final Pattern KEY_SHAPE = Pattern.compile("[A-Za-z0-9+/]{43}=");
    /** Digits in a signed 64-bit long's range are at most 19; a port has at most 5. */
    private static final int MAX_NUMBER_DIGITS = 19;
    private static final int MAX_PORT_DIGITS = 5;
    private static final Pattern FWMARK = Pattern.compile("off|0x[0-9a-fA-F]{1,8}|[0-9]{1,10}");
    private static final Pattern IPV6_PREFIX = Pattern.compile("[0-9A-Fa-f:.]{2,45}/(12[0-8]|1[01][0-9]|[1-9]?[0-9])");

    private WgDumpParser() {
    }

    /**
     * Parses a whole dump.
     *
     * @throws MalformedDumpException when the first line is missing or is not an interface line
     */
    public static WgDump parse(String dump) {
        if (dump == null || dump.isEmpty()) {
            throw new MalformedDumpException("wg printed nothing; expected an interface line first");
        }
        String[] lines = dump.split("\n", -1);
        Header header = parseHeader(lines[0]);
        List<PeerState> peers = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Map<PeerKey, Integer> firstLineOfKey = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int lineNumber = i + 1;
            try {
                PeerState peer = parsePeer(lines[i]);
                Integer first = firstLineOfKey.putIfAbsent(peer.key(), lineNumber);
                if (first != null) {
                    throw new BadLine("repeats the public key of line " + first + "; only the first line is kept");
                }
                peers.add(peer);
            } catch (BadLine bad) {
                rejected.add(new Rejected(lineNumber, "peer line " + lineNumber + " rejected: " + bad.getMessage()));
            }
        }
        return new WgDump(header.publicKey(), header.listenPort(), peers, rejected);
    }

    private record Header(PeerKey publicKey, int listenPort) {
    }

    private static Header parseHeader(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length != INTERFACE_FIELDS) {
            throw malformedHeader("it has " + fields.length + " tab-separated fields, expected "
                    + INTERFACE_FIELDS + " (private key, public key, listen port, fwmark)");
        }
        if (fields[1].equals(NONE)) {
            throw malformedHeader("the interface has no key yet; set one with `wg set <iface> private-key <file>`");
        }
        // Checked for shape only, so a shifted line is caught; never kept, never quoted.
        if (!KEY_SHAPE.matcher(fields[0]).matches()) {
            throw malformedHeader("field 1 is not a private key (44 base64 characters ending in '=')");
        }
        PeerKey publicKey;
        try {
            publicKey = new PeerKey(fields[1]);
        } catch (IllegalArgumentException e) {
            throw malformedHeader("field 2 is not a WireGuard public key: " + KeyHiding.quote(fields[1]));
        }
        if (!isDigits(fields[2], MAX_PORT_DIGITS) || Integer.parseInt(fields[2]) > 65535) {
            throw malformedHeader("listen port is not a number from 0 to 65535: " + KeyHiding.quote(fields[2]));
        }
        if (!FWMARK.matcher(fields[3]).matches()) {
            throw malformedHeader("fwmark is neither 'off' nor a number: " + KeyHiding.quote(fields[3]));
        }
        return new Header(publicKey, Integer.parseInt(fields[2]));
    }

    private static MalformedDumpException malformedHeader(String why) {
        return new MalformedDumpException("the interface line (line 1) of `wg show dump` is unusable, so the whole"
                + " dump is refused: " + why);
    }

    private static PeerState parsePeer(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length != PEER_FIELDS) {
            throw new BadLine("it has " + fields.length + " tab-separated fields, expected " + PEER_FIELDS);
        }
        PeerKey key = publicKey(fields[0]);
        presharedKeyShape(fields[1]);
        Endpoint endpoint = endpoint(fields[2]);
        List<Cidr> allowedIps = allowedIps(fields[3]);
        Instant handshake = handshake(fields[4]);
        long rx = number("rx bytes", fields[5]);
        long tx = number("tx bytes", fields[6]);
        int keepalive = keepalive(fields[7]);
        return new PeerState(key, endpoint, allowedIps, handshake, rx, tx, keepalive);
    }

    private static PeerKey publicKey(String field) {
        try {
            return new PeerKey(field);
        } catch (IllegalArgumentException e) {
            throw new BadLine("public key is not a canonical WireGuard key: " + KeyHiding.quote(field));
        }
    }

    /** Dropped, but its shape is checked so that a line whose fields moved does not slip through. */
    private static void presharedKeyShape(String field) {
        if (!field.equals(NONE) && !KEY_SHAPE.matcher(field).matches()) {
            throw new BadLine("preshared key field is neither (none) nor 44 base64 characters");
        }
    }

    private static Endpoint endpoint(String field) {
        if (field.equals(NONE)) {
            return null;
        }
        try {
            return Endpoint.parse(field);
        } catch (IllegalArgumentException e) {
            throw new BadLine("endpoint is neither (none) nor host:port: " + KeyHiding.quote(field));
        }
    }

    private static List<Cidr> allowedIps(String field) {
        if (field.equals(NONE)) {
            return List.of();
        }
        String[] entries = field.split(",", -1);
        List<Cidr> kept = new ArrayList<>(entries.length);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            if (entry.indexOf(':') >= 0 && IPV6_PREFIX.matcher(entry).matches()) {
                continue;
            }
            try {
                kept.add(Cidr.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new BadLine("allowed IP " + (i + 1) + " of " + entries.length
                        + " is neither an IPv4 nor an IPv6 prefix: " + KeyHiding.quote(entry));
            }
        }
        return kept;
    }

    private static Instant handshake(String field) {
        long seconds = number("latest handshake", field);
        if (seconds > LATEST_PLAUSIBLE_EPOCH_SECOND) {
            throw new BadLine("latest handshake is after the year 9999: " + KeyHiding.quote(field));
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static int keepalive(String field) {
        if (field.equals("off")) {
            return 0;
        }
        long seconds = number("persistent keepalive", field);
        if (seconds > 65535) {
            throw new BadLine("persistent keepalive is above 65535 seconds: " + KeyHiding.quote(field));
        }
        return (int) seconds;
    }

    /** A non-negative decimal that fits a signed 64-bit long; no sign, no spaces. */
    private static long number(String name, String field) {
        if (!isDigits(field, MAX_NUMBER_DIGITS)) {
            throw new BadLine(name + " is not a non-negative decimal number: " + KeyHiding.quote(field));
        }
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new BadLine(name + " is above 2^63-1: " + KeyHiding.quote(field));
        }
    }

    /** Whether {@code field} is 1 to {@code maxDigits} ASCII digits. */
    private static boolean isDigits(String field, int maxDigits) {
        if (field.isEmpty() || field.length() > maxDigits) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Ends the parsing of one peer line; caught in {@link #parse} and turned into a {@link Rejected}. */
    private static final class BadLine extends RuntimeException {
        BadLine(String reason) {
            super(reason, null, false, false);
        }
    }
}
