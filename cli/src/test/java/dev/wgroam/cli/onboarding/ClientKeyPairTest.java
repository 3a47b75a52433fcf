package dev.wgroam.cli.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The pairs made here are the ones {@code wg} makes: {@code wg pubkey} derives the same public key. */
class ClientKeyPairTest {

    @Test
    void wgPubkey_ofThePrivateKey_isThePublicKey_andThePrivateKeyIsClamped() throws Exception {
        for (int i = 0; i < 5; i++) {
            ClientKeyPair pair = ClientKeyPair.generate();
            assertEquals(pair.publicKey().base64(), wgPubkey(pair.privateKeyBase64()));
            byte[] raw = Base64.getDecoder().decode(pair.privateKeyBase64());
            assertEquals(0, raw[0] & 7);
            assertEquals(64, raw[31] & 0xC0);
        }
    }

    @Test
    void twoPairs_differ_andThePrintedFormHidesThePrivateKey() {
        ClientKeyPair a = ClientKeyPair.generate();
        ClientKeyPair b = ClientKeyPair.generate();
        assertNotEquals(a.privateKeyBase64(), b.privateKeyBase64());
        assertFalse(a.toString().contains(a.privateKeyBase64().substring(0, 8)));
    }

    private static String wgPubkey(String privateKey) throws IOException, InterruptedException {
        Process wg = new ProcessBuilder("wg", "pubkey").redirectErrorStream(true).start();
        wg.getOutputStream().write((privateKey + "\n").getBytes(StandardCharsets.US_ASCII));
        wg.getOutputStream().close();
        String out = new String(wg.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, wg.waitFor(), out);
        return out;
    }
}
