package dev.wgroam.lab.simulated;

import dev.wgroam.commands.CommandFailedException;
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.wireguard.PeerKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One modelled Linux host behind a {@link CommandRunner}: its WireGuard interfaces as {@code wg show}
 * prints and {@code wg set} changes them (allowed IPs form one routing table per interface, so giving
 * a prefix to one peer takes it from another), and its main IPv4 routing table as
 * {@code ip -4 -o route show dev D} prints and {@code ip route replace|del P dev D} changes it. Output
 * and failures (exit status, stderr) are the real tools' (wg 1.0, wireguard-go, iproute2 6; see
 * SimulatedHostInNamespaceTest). An argv the model does not know is an {@link AssertionError}: a model
 * that guessed would let a test pass against a host that does not exist. Thread-safe.
 */
public final class SimulatedHost implements CommandRunner {

    /** One peer as {@code wg show dump} prints it; its preshared key is kept apart, a record prints every component. */
    public record Peer(String endpoint, Set<String> allowedIps, int keepaliveSeconds, long latestHandshake, long rxBytes,
                       long txBytes) {
        public Peer {
            allowedIps = Collections.unmodifiableSet(new LinkedHashSet<>(allowedIps));
        }
    }

    private static final String NONE = "(none)";

    private static final class Interface {
        final String privateKey;
        final String publicKey;
        int listenPort;
        long fwmark;
        /** Public key → peer, in the order peers were added. */
        final Map<String, PeerState> peers = new LinkedHashMap<>();

        Interface(String privateKey, String publicKey, int listenPort) {
            this.privateKey = privateKey;
            this.publicKey = publicKey;
            this.listenPort = listenPort;
        }
    }

    private static final class PeerState {
        String presharedKey;
        String endpoint;
        final LinkedHashSet<Prefix> allowedIps = new LinkedHashSet<>();
        long latestHandshake;
        long rx;
        long tx;
        int keepalive;

        Peer view() {
            return new Peer(endpoint == null ? NONE : endpoint,
                    allowedIps.stream().map(Prefix::toString).collect(Collectors.toCollection(LinkedHashSet::new)),
                    keepalive, latestHandshake, rx, tx);
        }
    }

    private record Failure(String argvPrefix, int[] left) {
    }

    private final Map<String, Interface> interfaces = new LinkedHashMap<>();
    private final TreeMap<Prefix, String> routes = new TreeMap<>();
    private final List<List<String>> changes = new ArrayList<>();
    private final List<String> stdins = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private int reads;

    /**
     * Creates the WireGuard interface {@code name}, or re-creates it empty, with these keys (the model
     * does no curve arithmetic: the public key is taken as given) and listen port.
     */
    public synchronized SimulatedHost wireguard(String name, PeerKey privateKey, PeerKey publicKey, int listenPort) {
        interfaces.put(name, new Interface(privateKey.base64(), publicKey.base64(), listenPort));
        return this;
    }

    /** A command run by hand, as an operator would: it changes the host, and is not counted among the commands sent. */
    public synchronized String byHand(String... argv) {
        return execute(List.of(argv), "");
    }

    /** {@link #byHand(String...)} with {@code stdin}, e.g. a preshared key for {@code preshared-key /dev/stdin}. */
    public synchronized String byHand(List<String> argv, String stdin) {
        return execute(argv, stdin);
    }

    /** The peer handshook at {@code at}, from {@code endpoint} (WireGuard follows a roaming peer to its new address). */
    public synchronized void handshake(String iface, String peer, String endpoint, Instant at) {
        PeerState p = existing(iface).peers.get(peer);
        if (p == null) {
            throw new IllegalArgumentException("no peer " + peer + " on " + iface + " to handshake with");
        }
        p.endpoint = endpoint;
        p.latestHandshake = at.getEpochSecond();
    }

    /** The peer's traffic: {@code rxBytes} more received from it, {@code txBytes} more sent to it. */
    public synchronized void transfer(String iface, String peer, long rxBytes, long txBytes) {
        PeerState p = existing(iface).peers.get(peer);
        if (p == null) {
            throw new IllegalArgumentException("no peer " + peer + " on " + iface);
        }
        p.rx += rxBytes;
        p.tx += txBytes;
    }

    /** Commands whose argv, joined by spaces, starts with {@code argvPrefix} fail as refused by the kernel, until {@link #heal}. */
    public synchronized void fail(String argvPrefix) {
        failures.add(new Failure(argvPrefix, new int[] {Integer.MAX_VALUE}));
    }

    /** The next {@code times} commands starting with {@code argvPrefix} fail as refused by the kernel. */
    public synchronized void failNext(String argvPrefix, int times) {
        failures.add(new Failure(argvPrefix, new int[] {times}));
    }

    /** No command fails any more but for what it is. */
    public synchronized void heal() {
        failures.clear();
    }

    /** The peers of {@code iface}, by public key, as they are now. */
    public synchronized Map<String, Peer> peers(String iface) {
        Map<String, Peer> view = new LinkedHashMap<>();
        existing(iface).peers.forEach((key, p) -> view.put(key, p.view()));
        return view;
    }

    /** The listen port of {@code iface}. */
    public synchronized int listenPort(String iface) {
        return existing(iface).listenPort;
    }

    /** The main routing table as it is now: prefix (always with its length) → device, in the kernel's order. */
    public synchronized Map<String, String> routes() {
        Map<String, String> view = new LinkedHashMap<>();
        routes.forEach((prefix, device) -> view.put(prefix.toString(), device));
        return view;
    }

    /** Every command sent that would change the host (reads are not here), failed ones included, in order. */
    public synchronized List<List<String>> changes() {
        return List.copyOf(changes);
    }

    /** What each of {@link #changes} got on stdin, index for index. */
    public synchronized List<String> stdins() {
        return List.copyOf(stdins);
    }

    public synchronized void clearChanges() {
        changes.clear();
        stdins.clear();
    }

    /** How many reading commands ({@code wg show}, {@code ip route show}) were sent. */
    public synchronized int reads() {
        return reads;
    }

    @Override
    public synchronized String run(List<String> argv, String stdin) {
        boolean reading = argv.size() > 1 && (argv.get(0).equals("wg") ? argv.get(1).equals("show") : argv.contains("show"));
        if (reading) {
            reads++;
        } else {
            changes.add(List.copyOf(argv));
            stdins.add(stdin);
        }
        String joined = String.join(" ", argv);
        for (Failure f : failures) {
            if (joined.startsWith(f.argvPrefix()) && f.left()[0] > 0) {
                f.left()[0]--;
                boolean wg = argv.get(0).equals("wg");
                throw CommandFailedException.exited(argv, wg ? 1 : 2, "", wg
                        ? "Unable to " + (reading ? "access" : "modify") + " interface: Operation not permitted\n"
                        : "RTNETLINK answers: Operation not permitted\n");
            }
        }
        return execute(argv, stdin);
    }

    private String execute(List<String> argv, String stdin) {
        if (argv.size() >= 4 && argv.get(0).equals("wg") && argv.get(1).equals("show")) {
            return show(argv);
        }
        if (argv.size() >= 4 && argv.get(0).equals("wg") && argv.get(1).equals("set")) {
            return set(argv, stdin);
        }
        if (argv.size() == 7 && argv.subList(0, 6).equals(List.of("ip", "-4", "-o", "route", "show", "dev"))) {
            return routesOf(argv, argv.get(6));
        }
        if (argv.size() == 6 && argv.subList(0, 2).equals(List.of("ip", "route")) && argv.get(4).equals("dev")
                && (argv.get(2).equals("replace") || argv.get(2).equals("del"))) {
            return route(argv);
        }
        throw unknown(argv);
    }

    private String show(List<String> argv) {
        if (argv.size() != 4) {
            throw unknown(argv);
        }
        Interface i = interfaces.get(argv.get(2));
        if (i == null) {
            throw failed(argv, 1, "Unable to access interface: No such device");
        }
        StringBuilder out = new StringBuilder();
        switch (argv.get(3)) {
            case "dump" -> {
                out.append(i.privateKey).append('\t').append(i.publicKey).append('\t').append(i.listenPort).append('\t')
                        .append(i.fwmark == 0 ? "off" : "0x" + Long.toHexString(i.fwmark)).append('\n');
                i.peers.forEach((key, p) -> out.append(key).append('\t').append(orNone(p.presharedKey)).append('\t')
                        .append(orNone(p.endpoint)).append('\t').append(allowed(p, ",")).append('\t')
                        .append(p.latestHandshake).append('\t').append(p.rx).append('\t').append(p.tx).append('\t')
                        .append(p.keepalive == 0 ? "off" : Integer.toString(p.keepalive)).append('\n'));
            }
            case "allowed-ips" -> i.peers.forEach((key, p) -> out.append(key).append('\t').append(allowed(p, " ")).append('\n'));
            case "preshared-keys" -> i.peers.forEach((key, p) -> out.append(key).append('\t').append(orNone(p.presharedKey))
                    .append('\n'));
            case "latest-handshakes" -> i.peers.forEach((key, p) -> out.append(key).append('\t').append(p.latestHandshake)
                    .append('\n'));
            case "endpoints" -> i.peers.forEach((key, p) -> out.append(key).append('\t').append(orNone(p.endpoint)).append('\n'));
            default -> throw unknown(argv);
        }
        return out.toString();
    }

    private static String allowed(PeerState p, String separator) {
        return p.allowedIps.isEmpty() ? NONE : p.allowedIps.stream().map(Prefix::toString).collect(Collectors.joining(separator));
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }

    /** One peer's part of a {@code wg set}, parsed before anything changes: wg applies a command whole or not at all. */
    private static final class PeerChange {
        String key;
        boolean remove;
        String presharedKey;
        boolean presharedKeySet;
        String endpoint;
        Integer keepalive;
        List<Prefix> allowedIps;
    }

    private String set(List<String> argv, String stdin) {
        Integer listenPort = null;
        Long fwmark = null;
        List<PeerChange> peers = new ArrayList<>();
        PeerChange peer = null;
        for (int n = 3; n < argv.size(); n += 2) {
            String word = argv.get(n);
            if (word.equals("remove") && peer != null) {
                peer.remove = true;
                n--;
                continue;
            }
            if (n + 1 >= argv.size()) {
                throw failed(argv, 1, "Invalid argument: " + word);
            }
            String value = argv.get(n + 1);
            switch (word) {
                case "listen-port" -> {
                    if (peer != null) {
                        throw failed(argv, 1, "Invalid argument: " + word);
                    }
                    if (!value.matches("\\d{1,5}") || Integer.parseInt(value) > 65535) {
                        throw failed(argv, 1, "Listen port is not a valid port: `" + value + "'");
                    }
                    listenPort = Integer.parseInt(value);
                }
                case "fwmark" -> {
                    if (peer != null) {
                        throw failed(argv, 1, "Invalid argument: " + word);
                    }
                    fwmark = value.equals("off") ? 0L : value.startsWith("0x") ? Long.parseLong(value.substring(2), 16)
                            : Long.parseLong(value);
                }
                case "peer" -> {
                    try {
                        new PeerKey(value);
                    } catch (IllegalArgumentException e) {
                        throw failed(argv, 1, "Key is not the correct length or format: `" + value + "'");
                    }
                    peer = new PeerChange();
                    peer.key = value;
                    peers.add(peer);
                }
                case "endpoint" -> {
                    requirePeer(argv, peer, word);
                    if (!value.matches("(\\d{1,3}\\.){3}\\d{1,3}:\\d{1,5}|\\[[0-9a-fA-F:.]+]:\\d{1,5}")) {
                        if (!value.contains(":")) {
                            throw failed(argv, 1, "Unable to find port of endpoint: `" + value + "'");
                        }
                        throw unknown(argv);
                    }
                    peer.endpoint = value;
                }
                case "persistent-keepalive" -> {
                    requirePeer(argv, peer, word);
                    if (!value.equals("off") && (!value.matches("\\d{1,5}") || Integer.parseInt(value) > 65535)) {
                        throw failed(argv, 1, "Persistent keepalive interval is neither 0/off nor 1-65535: `" + value + "'");
                    }
                    peer.keepalive = value.equals("off") ? 0 : Integer.parseInt(value);
                }
                case "preshared-key" -> {
                    requirePeer(argv, peer, word);
                    peer.presharedKeySet = true;
                    peer.presharedKey = switch (value) {
                        case "/dev/null" -> null;
                        case "/dev/stdin" -> {
                            String key = stdin.strip();
                            try {
                                new PeerKey(key);
                            } catch (IllegalArgumentException e) {
                                throw failed(argv, 1, "Key is not the correct length or format");
                            }
                            yield key;
                        }
                        default -> throw unknown(argv);
                    };
                }
                case "allowed-ips" -> {
                    requirePeer(argv, peer, word);
                    List<Prefix> prefixes = new ArrayList<>();
                    for (String token : value.split(",")) {
                        String trimmed = token.strip();
                        if (trimmed.isEmpty()) {
                            continue;
                        }
                        if (trimmed.startsWith("+") || trimmed.startsWith("-")) {
                            throw unknown(argv);
                        }
                        Prefix prefix = Prefix.parse(trimmed);
                        if (prefix == null) {
                            throw failed(argv, 1, "AllowedIP is not in the correct format: `" + trimmed + "'");
                        }
                        prefixes.add(prefix);
                    }
                    peer.allowedIps = prefixes;
                }
                default -> throw failed(argv, 1, "Invalid argument: " + word);
            }
        }
        Interface i = interfaces.get(argv.get(2));
        if (i == null) {
            throw failed(argv, 1, "Unable to modify interface: No such device");
        }
        if (listenPort != null) {
            i.listenPort = listenPort;
        }
        if (fwmark != null) {
            i.fwmark = fwmark;
        }
        for (PeerChange change : peers) {
            apply(i, change);
        }
        return "";
    }

    private static void apply(Interface i, PeerChange change) {
        if (change.remove) {
            // Removing a peer that is not there succeeds.
            i.peers.remove(change.key);
            return;
        }
        PeerState p = i.peers.computeIfAbsent(change.key, k -> new PeerState());
        if (change.presharedKeySet) {
            p.presharedKey = change.presharedKey;
        }
        if (change.endpoint != null) {
            p.endpoint = change.endpoint;
        }
        if (change.keepalive != null) {
            p.keepalive = change.keepalive;
        }
        if (change.allowedIps != null) {
            // One routing table per interface: a prefix given to this peer leaves any other.
            i.peers.values().forEach(other -> other.allowedIps.removeAll(change.allowedIps));
            p.allowedIps.clear();
            p.allowedIps.addAll(change.allowedIps);
        }
    }

    private void requirePeer(List<String> argv, PeerChange peer, String word) {
        if (peer == null) {
            throw failed(argv, 1, "Invalid argument: " + word);
        }
    }

    private String routesOf(List<String> argv, String device) {
        if (!interfaces.containsKey(device)) {
            throw failed(argv, 1, "Cannot find device \"" + device + "\"");
        }
        StringBuilder out = new StringBuilder();
        routes.forEach((prefix, dev) -> {
            if (dev.equals(device)) {
                out.append(prefix.routeText()).append(" scope link \n");
            }
        });
        return out.toString();
    }

    private String route(List<String> argv) {
        Prefix prefix = Prefix.parse(argv.get(3));
        if (prefix == null) {
            throw failed(argv, 1, "Error: any valid prefix is expected rather than \"" + argv.get(3) + "\".");
        }
        if (prefix.ipv6()) {
            throw unknown(argv);
        }
        String device = argv.get(5);
        if (!interfaces.containsKey(device)) {
            throw failed(argv, 1, "Cannot find device \"" + device + "\"");
        }
        if (prefix.hostBits()) {
            throw failed(argv, 2, "Error: Invalid prefix for given prefix length.");
        }
        if (argv.get(2).equals("replace")) {
            routes.put(prefix, device);
        } else if (!routes.remove(prefix, device)) {
            throw failed(argv, 2, "RTNETLINK answers: No such process");
        }
        return "";
    }

    private Interface existing(String iface) {
        Interface i = interfaces.get(iface);
        if (i == null) {
            throw new IllegalArgumentException("the host has no WireGuard interface " + iface);
        }
        return i;
    }

    private static CommandFailedException failed(List<String> argv, int exitCode, String stderr) {
        return CommandFailedException.exited(argv, exitCode, "", stderr + "\n");
    }

    private static AssertionError unknown(List<String> argv) {
        return new AssertionError("the host model does not know the command " + argv
                + "; check what the real tool does (in a scratch namespace) before teaching it to SimulatedHost");
    }
}
