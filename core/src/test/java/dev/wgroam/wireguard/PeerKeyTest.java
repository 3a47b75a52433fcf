package dev.wgroam.wireguard;

import static dev.wgroam.text.PrintableAssertions.assertNoControlCharacters;
import static dev.wgroam.text.PrintableAssertions.assertPrintableIfRejected;
import static dev.wgroam.text.PrintableAssertions.assertRejectedPrintably;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.text.Hostile;
import java.util.Base64;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.MethodSource;

class PeerKeyTest {

    /** bytes 0..31, encoded by Python's base64 module rather than by the code under test. */
    private static final String KEY_0_TO_31 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    @ParameterizedTest
    @ValueSource(strings = {
            KEY_0_TO_31,
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "//////////////////////////////////////////8=",
            "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=",
    })
    void new_whenCanonicalBase64Of32Bytes_acceptsAndPrintsItUnchanged(String text) {
        PeerKey key = new PeerKey(text);
        assertEquals(text, key.toString());
        assertEquals(32, Base64.getDecoder().decode(key.base64()).length);
    }

    @Test
    void of_whenGivenBytes_encodesThemAsStandardBase64() {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        assertEquals(KEY_0_TO_31, PeerKey.of(raw).base64());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",          // 43: no padding
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8==",        // 45
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8A",         // 44 without '='
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==",         // 44 but 31 bytes
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=",         // spare bits set
            "//////////////////////////////////////////9=",         // spare bits set
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=",         // spare bits set
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd-h8=",         // URL-safe alphabet
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd_h8=",         // URL-safe alphabet
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxw=Hh8=",         // padding inside
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n",       // trailing newline
            " AECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",         // leading space
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh\u00e9=",    // non-ASCII
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh\u0000=",    // NUL
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBka;reboot=",         // shell metacharacters
    })
    void new_whenNotCanonical32ByteKey_rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> new PeerKey(text));
    }

    @ParameterizedTest
    @MethodSource("hostileKeys")
    void new_whenHostile_rejects(String text) {
        assertRejectedPrintably(() -> new PeerKey(text));
    }

    static Stream<String> hostileKeys() {
        return Stream.concat(Hostile.variantsOf(KEY_0_TO_31).stream(), Stream.of(KEY_0_TO_31.repeat(1000)));
    }

    @Test
    void of_whenNull_rejects() {
        assertThrows(IllegalArgumentException.class, () -> PeerKey.of(null));
    }

    @Test
    void shortForm_showsTheFirstCharactersOnly() {
        PeerKey key = new PeerKey(KEY_0_TO_31);
        assertTrue(KEY_0_TO_31.startsWith(key.shortForm().substring(0, 8)));
        assertTrue(key.shortForm().length() < 12, key.shortForm());
    }

    @Property
    void of_roundTripsAny32Bytes(@ForAll @Size(32) byte[] raw) {
        PeerKey key = PeerKey.of(raw);
        assertArrayEquals(raw, Base64.getDecoder().decode(key.base64()));
        assertEquals(key, new PeerKey(key.base64()));
        assertEquals(key, new PeerKey(key.toString()));
    }

    @Property
    void of_whenNot32Bytes_rejects(@ForAll @Size(max = 100) byte[] raw) {
        if (raw.length == 32) {
            return;
        }
        assertThrows(IllegalArgumentException.class, () -> PeerKey.of(raw));
    }

    /** 32 bytes are 256 bits: 42 characters carry 252, the 43rd carries 4 more and 2 spare bits. */
    @Property
    void new_whenSpareBitsOfLastCharacterSet_rejects(@ForAll @Size(32) byte[] raw,
                                                      @ForAll @IntRange(min = 1, max = 3) int spareBits) {
        String canonical = PeerKey.of(raw).base64();
        int last = BASE64_ALPHABET.indexOf(canonical.charAt(42));
        String tampered = canonical.substring(0, 42) + BASE64_ALPHABET.charAt(last | spareBits) + "=";
        assertFalse(tampered.equals(canonical));
        assertThrows(IllegalArgumentException.class, () -> new PeerKey(tampered));
    }

    @Property
    void new_acceptsOnlyTheCanonicalSpelling(@ForAll("keyLikeText") String text) {
        try {
            PeerKey key = new PeerKey(text);
            assertEquals(text, Base64.getEncoder().encodeToString(Base64.getDecoder().decode(key.base64())));
            assertEquals(32, Base64.getDecoder().decode(text).length);
        } catch (IllegalArgumentException e) {
            assertNoControlCharacters(e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> keyLikeText() {
        Arbitrary<String> padded = Arbitraries.strings().withChars(BASE64_ALPHABET).ofLength(43).map(s -> s + "=");
        Arbitrary<String> junk = Arbitraries.strings().withChars(BASE64_ALPHABET + "=-_ \n\0").ofMinLength(42).ofMaxLength(46);
        return Arbitraries.oneOf(padded, junk);
    }

    @Property
    void new_whenRejected_messageHasNoRawControlCharacters(@ForAll("anyText") String text) {
        assertPrintableIfRejected(() -> new PeerKey(text));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Hostile.anyText(500).withChars("=");
    }
}
