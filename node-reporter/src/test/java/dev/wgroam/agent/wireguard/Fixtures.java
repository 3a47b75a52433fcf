package dev.wgroam.agent.wireguard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The dumps under {@code src/test/resources/wireguard/} and the secrets inside them. */
final class Fixtures {

    static final String REAL_CAPTURE = "real-capture.dump";
    static final String HANDMADE_HANDSHAKES = "handmade-handshakes.dump";

    private Fixtures() {
    }

    static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wireguard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture missing from the test classpath: wireguard/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The interface's private key and every preshared key of a dump, read straight from its text. */
    static List<String> secretsOf(String dump) {
        List<String> secrets = new ArrayList<>();
        String[] lines = dump.split("\n");
        secrets.add(lines[0].split("\t")[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split("\t");
            if (fields.length > 1 && !fields[1].equals("(none)")) {
                secrets.add(fields[1]);
            }
        }
        return secrets;
    }

    /**
     * Whether {@code text} shows any {@code length} consecutive characters of {@code key}: a key is
     * leaked in part as much as in whole.
     */
    static boolean showsPartOf(String text, String key, int length) {
        for (int start = 0; start + length <= key.length(); start++) {
            if (text.contains(key.substring(start, start + length))) {
                return true;
            }
        }
        return false;
    }
}
