package dev.wgroam.cli.onboarding;

import io.nayuki.qrcodegen.QrCode;

/**
 * Text as a QR code a phone's WireGuard app scans off a terminal: two modules per character with
 * the half-block characters, dark modules drawn as spaces on a light border, so it reads on dark
 * and light terminals alike.
 */
public final class TerminalQr {

    /** The quiet zone the QR standard asks for around the symbol, in modules. */
    private static final int BORDER = 4;

    private TerminalQr() {
    }

    public static String of(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.LOW);
        StringBuilder out = new StringBuilder();
        for (int y = -BORDER; y < qr.size + BORDER; y += 2) {
            for (int x = -BORDER; x < qr.size + BORDER; x++) {
                boolean top = qr.getModule(x, y);
                boolean bottom = qr.getModule(x, y + 1);
                // Light is drawn, dark is blank: "█" both light, "▀" top light, "▄" bottom light.
                out.append(top ? (bottom ? ' ' : '▄') : (bottom ? '▀' : '█'));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
