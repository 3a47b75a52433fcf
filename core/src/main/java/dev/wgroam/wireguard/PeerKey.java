package dev.wgroam.wireguard;

import dev.wgroam.text.Printable;

import java.util.Base64;

/**
 * A WireGuard public key: 32 bytes, written as 44 characters of standard base64. Only public keys
 * are ever held in this type; private and preshared keys are dropped where they are read.
 */
public record PeerKey(String base64) implements Comparable<PeerKey> {

    private static final int ENCODED_LENGTH = 44;
    private static final int KEY_BYTES = 32;

    public PeerKey {
        if (base64 == null || base64.length() != ENCODED_LENGTH || base64.charAt(ENCODED_LENGTH - 1) != '=') {
            throw new IllegalArgumentException("not a WireGuard public key (44 base64 characters ending in '='): "
                    + Printable.quote(base64));
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a WireGuard public key (bad base64): " + Printable.quote(base64), e);
        }
        // 32 bytes leave 2 spare bits in the last character; a canonical key has them zero.
        if (raw.length != KEY_BYTES || !Base64.getEncoder().encodeToString(raw).equals(base64)) {
            throw new IllegalArgumentException("not a canonical 32-byte WireGuard key: " + Printable.quote(base64));
        }
    }

    public static PeerKey of(byte[] raw) {
        if (raw == null || raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("a WireGuard key has 32 bytes, not " + (raw == null ? "none" : raw.length));
        }
        return new PeerKey(Base64.getEncoder().encodeToString(raw));
    }

    /** The first characters of the key, as `wg` users recognise them, for logs. */
    public String shortForm() {
        return base64.substring(0, 8) + "…";
    }

    @Override
    public int compareTo(PeerKey other) {
        return base64.compareTo(other.base64);
    }

    @Override
    public String toString() {
        return base64;
    }
}
