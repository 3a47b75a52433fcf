package dev.wgroam.cli.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nayuki.qrcodegen.QrCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drawing holds every module of the symbol, two rows a line, inside a light quiet zone. */
class TerminalQrTest {

    @Test
    void everyModule_isDrawn_darkAsBlank_lightAsBlock() {
        String text = "[Interface]\nAddress = 10.50.0.2/32\n";
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.LOW);

        List<String> lines = TerminalQr.of(text).lines().toList();

        int width = qr.size + 8;
        assertEquals((width + 1) / 2, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.length() == width));
        assertTrue(lines.get(0).chars().allMatch(c -> c == '█'), lines.get(0));
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                char c = lines.get((y + 4) / 2).charAt(x + 4);
                boolean upper = (y + 4) % 2 == 0;
                boolean light = upper ? c == '█' || c == '▀' : c == '█' || c == '▄';
                assertEquals(!qr.getModule(x, y), light, "module " + x + "," + y);
            }
        }
    }
}
