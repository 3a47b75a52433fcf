package dev.wgroam.routes;

import dev.wgroam.fleet.NodeId;
import dev.wgroam.text.Printable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text a route update travels as: the SSM command parameter the ownership function sends and
 * the node agent's {@code apply} reads from {@code SSM_routes}. Owner ids are listed once and
 * referenced by index, since an instance ARN is long and one node owns many prefixes:
 *
 * <pre>wgr1|node-a,node-b|10.50.0.7/32=0@12,10.50.0.9/32=1@3</pre>
 *
 * The alphabet is tiny on purpose: the SSM document's {@code allowedPattern} is {@link #ALLOWED_PATTERN},
 * and nothing in it means anything to a shell.
 */
public final class RouteUpdate {

    public static final String FORMAT = "wgr1";
    /** The SSM document parameter's allowedPattern; every encoded update matches it. */
    public static final String ALLOWED_PATTERN = "^wgr1\\|[A-Za-z0-9._:/,-]+\\|[0-9./=@,]+$";
    /** Encoded size above which {@link #encodeInChunks} splits; keeps document plus parameters under SSM's 64 KB. */
    public static final int DEFAULT_MAX_CHARS = 48_000;
    /**
     * The signal "the registry changed: reconcile now", sent like an update so it takes the same
     * SSM path and matches {@link #ALLOWED_PATTERN}; it carries nothing a node could believe, the
     * agent reads the registry itself. {@link #decode} refuses it: check {@link #isReconcile} first.
     */
    public static final String RECONCILE = FORMAT + "|reconcile|0";

    private static final Pattern ALLOWED = Pattern.compile(ALLOWED_PATTERN);
    private static final Pattern ENTRY = Pattern.compile("([0-9./]{9,18})=([0-9]{1,5})@([0-9]{1,13})");

    private RouteUpdate() {
    }

    /** Encodes entries as one update. */
    public static String encode(List<RouteEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a route update carries at least one entry");
        }
        Map<NodeId, Integer> index = new LinkedHashMap<>();
        StringBuilder routes = new StringBuilder();
        for (RouteEntry e : entries) {
            int owner = index.computeIfAbsent(e.owner(), n -> index.size());
            if (!routes.isEmpty()) {
                routes.append(',');
            }
            routes.append(e.prefix()).append('=').append(owner).append('@').append(e.version());
        }
        StringBuilder nodes = new StringBuilder();
        for (NodeId node : index.keySet()) {
            if (!nodes.isEmpty()) {
                nodes.append(',');
            }
            nodes.append(node.value());
        }
        return FORMAT + "|" + nodes + "|" + routes;
    }

    /** Encodes entries as few updates as possible, each at most {@code maxChars} long. */
    public static List<String> encodeInChunks(List<RouteEntry> entries, int maxChars) {
        List<String> chunks = new ArrayList<>();
        List<RouteEntry> chunk = new ArrayList<>();
        for (RouteEntry e : entries) {
            chunk.add(e);
            if (encode(chunk).length() > maxChars) {
                chunk.remove(chunk.size() - 1);
                if (chunk.isEmpty()) {
                    throw new IllegalArgumentException("one route entry alone exceeds " + maxChars + " characters");
                }
                chunks.add(encode(chunk));
                chunk = new ArrayList<>(List.of(e));
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(encode(chunk));
        }
        return chunks;
    }

    /** Whether {@code text} is the {@link #RECONCILE} signal. */
    public static boolean isReconcile(String text) {
        return RECONCILE.equals(text);
    }

    /**
     * Decodes an update, validating every part; throws {@link IllegalArgumentException} saying
     * what is wrong, and nothing is applied from a malformed update.
     */
    public static List<RouteEntry> decode(String text) {
        if (text == null || !ALLOWED.matcher(text).matches()) {
            throw new IllegalArgumentException("not a " + FORMAT + " route update: " + Printable.quote(text));
        }
        String[] parts = text.split("\\|", -1);
        String[] nodeTexts = parts[1].split(",", -1);
        List<NodeId> nodes = new ArrayList<>(nodeTexts.length);
        for (String node : nodeTexts) {
            nodes.add(new NodeId(node));
        }
        Map<Cidr, RouteEntry> entries = new HashMap<>();
        List<RouteEntry> ordered = new ArrayList<>();
        for (String entryText : parts[2].split(",", -1)) {
            var m = ENTRY.matcher(entryText);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a route entry (prefix=owner@version): " + Printable.quote(entryText));
            }
            int owner = Integer.parseInt(m.group(2));
            if (owner >= nodes.size()) {
                throw new IllegalArgumentException("route entry names owner #" + owner + " of " + nodes.size() + ": " + entryText);
            }
            RouteEntry entry = new RouteEntry(Cidr.parse(m.group(1)), nodes.get(owner), Long.parseLong(m.group(3)));
            if (entries.put(entry.prefix(), entry) != null) {
                throw new IllegalArgumentException("prefix " + entry.prefix() + " appears twice in one update");
            }
            ordered.add(entry);
        }
        return List.copyOf(ordered);
    }
}
