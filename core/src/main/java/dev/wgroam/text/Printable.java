package dev.wgroam.text;

/** Renders untrusted text for an error message: bounded, with control characters (C0, DEL, C1) escaped. */
public final class Printable {

    private static final int MAX_SHOWN = 80;

    private Printable() {
    }

    public static String quote(String value) {
        if (value == null) {
            return "(missing)";
        }
        StringBuilder out = new StringBuilder("'");
        int shown = Math.min(value.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('\'');
        if (value.length() > MAX_SHOWN) {
            out.append("… (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
