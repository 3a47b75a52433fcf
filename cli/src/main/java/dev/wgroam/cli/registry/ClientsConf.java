package dev.wgroam.cli.registry;

import dev.wgroam.registry.ClientName;
import dev.wgroam.routes.Cidr;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.PeerKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the clients of a hand-kept {@code clients.conf}, the WireGuard configuration every node's
 * clients interface carried before the registry: one {@code [Peer]} block per client with its
 * {@code PublicKey} and one {@code AllowedIPs} /32. Setting names and section headers are
 * case-insensitive, as {@code wg} reads them; {@code #} starts a comment.
 *
 * <p>A block's name comes from a comment {@code # Name = callserver-7}, or a comment that is a
 * client name alone, {@code # callserver-7}, on the lines just above its {@code [Peer]} line or
 * inside the block; any other comment is a note and names nothing. Two different names for one
 * block are a problem, except that a {@code Name =} comment wins over a one-word one. Without a
 * name a client is {@code client-10-50-0-7} ({@link ImportedClient#defaultName}).
 *
 * <p>The {@code [Interface]} section is skipped unread: it holds the interface's private key,
 * and so does nothing here ever repeat a value from it, nor a {@code PresharedKey}'s.
 */
public final class ClientsConf {

    private static final Pattern SECTION = Pattern.compile("\\[\\s*([A-Za-z]+)\\s*]");
    private static final Pattern NAME_SETTING = Pattern.compile("(?i)name\\s*=\\s*(.*)");
    /** Settings a {@code [Peer]} may have that the registry has no use for. */
    private static final Set<String> IGNORED = Set.of("presharedkey", "endpoint", "persistentkeepalive");

    private ClientsConf() {
    }

    /** The file's clients in file order; throws {@link ClientsConfException} listing every problem. */
    public static List<ImportedClient> parse(String text) {
        Parser parser = new Parser();
        String[] lines = text.startsWith("\uFEFF") ? text.substring(1).split("\r?\n", -1) : text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            parser.line(i + 1, lines[i].strip());
        }
        parser.end();
        if (!parser.problems.isEmpty()) {
            throw new ClientsConfException(parser.problems);
        }
        return parser.clients;
    }

    /** One {@code [Peer]} block as read so far. */
    private static final class Peer {
        final int line;
        final List<String> keys = new ArrayList<>();
        final List<String> allowedIps = new ArrayList<>();
        final List<Comment> comments = new ArrayList<>();

        Peer(int line) {
            this.line = line;
        }
    }

    private record Comment(int line, String text) {
    }

    /** Whether a one-word comment is a client name; any other comment ({@code # ----}, a note) is not. */
    private static boolean isName(String text) {
        try {
            new ClientName(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static final class Parser {
        final List<ImportedClient> clients = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        /** The block being read; null before the first section and inside {@code [Interface]}. */
        Peer peer;
        boolean inInterface;
        /** Comment lines not yet given to a block: they go to the next {@code [Peer]} if it follows at once. */
        final List<Comment> pending = new ArrayList<>();

        void line(int number, String whole) {
            if (whole.startsWith("#")) {
                pending.add(new Comment(number, whole.substring(1).strip()));
                return;
            }
            int comment = whole.indexOf('#');
            String line = (comment < 0 ? whole : whole.substring(0, comment)).strip();
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                String name = section.group(1).toLowerCase(Locale.ROOT);
                if (name.equals("peer")) {
                    finish();
                    peer = new Peer(number);
                    peer.comments.addAll(pending);
                    pending.clear();
                    inInterface = false;
                } else if (name.equals("interface")) {
                    flushPending();
                    finish();
                    inInterface = true;
                } else {
                    flushPending();
                    finish();
                    inInterface = false;
                    problems.add("line " + number + ": unknown section [" + section.group(1) + "]");
                }
                return;
            }
            flushPending();
            if (line.isEmpty() || inInterface) {
                return;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                problems.add("line " + number + ": neither a section, a setting (Key = value) nor a comment");
                return;
            }
            if (peer == null) {
                problems.add("line " + number + ": a setting outside any [Peer] or [Interface] section");
                return;
            }
            String key = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(equals + 1).strip();
            switch (key) {
                case "publickey" -> peer.keys.add(value);
                case "allowedips" -> {
                    for (String ip : value.split(",", -1)) {
                        peer.allowedIps.add(ip.strip());
                    }
                }
                default -> {
                    if (!IGNORED.contains(key)) {
                        problems.add("line " + number + ": unknown setting " + Printable.quote(line.substring(0, equals).strip())
                                + " in [Peer]");
                    }
                }
            }
        }

        /** Comments followed by anything but a {@code [Peer]} line belong to the block they are in. */
        void flushPending() {
            if (peer != null) {
                peer.comments.addAll(pending);
            }
            pending.clear();
        }

        void end() {
            flushPending();
            finish();
        }

        void finish() {
            if (peer == null) {
                return;
            }
            Peer p = peer;
            peer = null;
            String where = "[Peer] at line " + p.line;
            int before = problems.size();
            PeerKey key = null;
            if (p.keys.size() != 1) {
                problems.add(where + ": " + (p.keys.isEmpty() ? "no PublicKey" : p.keys.size() + " PublicKey lines, not one"));
            } else {
                try {
                    key = new PeerKey(p.keys.get(0));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
            Cidr address = null;
            if (p.allowedIps.size() != 1) {
                problems.add(where + ": a client has exactly one AllowedIPs address, a /32; this block has "
                        + (p.allowedIps.isEmpty() ? "none" : p.allowedIps.size()));
            } else {
                try {
                    address = Cidr.parse(p.allowedIps.get(0));
                    if (!address.isHost()) {
                        problems.add(where + ": AllowedIPs " + address + " is not a /32");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": AllowedIPs: " + e.getMessage());
                }
            }
            ClientName name = name(where, p.comments);
            if (problems.size() == before) {
                clients.add(new ImportedClient(name == null ? ImportedClient.defaultName(address) : name, key, address));
            }
        }

        /** The block's name from its comments; null when it has none (or a problem was recorded). */
        ClientName name(String where, List<Comment> comments) {
            List<Comment> explicit = new ArrayList<>();
            List<Comment> words = new ArrayList<>();
            for (Comment c : comments) {
                Matcher setting = NAME_SETTING.matcher(c.text());
                if (setting.matches()) {
                    explicit.add(new Comment(c.line(), setting.group(1).strip()));
                } else if (isName(c.text())) {
                    words.add(c);
                }
            }
            List<Comment> candidates = explicit.isEmpty() ? words : explicit;
            if (candidates.isEmpty()) {
                return null;
            }
            if (candidates.stream().map(Comment::text).distinct().count() > 1) {
                problems.add(where + ": names it " + String.join(" and ",
                        candidates.stream().map(c -> Printable.quote(c.text()) + " (line " + c.line() + ")").toList())
                        + "; keep one");
                return null;
            }
            Comment chosen = candidates.get(0);
            try {
                return new ClientName(chosen.text());
            } catch (IllegalArgumentException e) {
                problems.add("line " + chosen.line() + ": " + e.getMessage());
                return null;
            }
        }
    }
}
