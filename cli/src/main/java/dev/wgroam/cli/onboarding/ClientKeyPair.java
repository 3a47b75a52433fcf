package dev.wgroam.cli.onboarding;

import dev.wgroam.wireguard.PeerKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.util.Base64;

/**
 * An X25519 key pair as WireGuard writes one ({@code wg genkey | wg pubkey}): raw 32-byte keys in
 * base64, the private one clamped. Not a record, so the private key is never printed by accident:
 * only {@link #privateKeyBase64} gives it, for the config printed once.
 */
public final class ClientKeyPair {

    private final byte[] privateKey;
    private final PeerKey publicKey;

    private ClientKeyPair(byte[] privateKey, PeerKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh pair from the JDK's X25519 generator (its randomness is the platform's strong source). */
    public static ClientKeyPair generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar().orElseThrow();
            // The JDK clamps a copy when it computes; WireGuard keeps the private key clamped. Same public key either way.
            scalar[0] &= (byte) 248;
            scalar[31] &= 127;
            scalar[31] |= 64;
            return new ClientKeyPair(scalar, PeerKey.of(littleEndian(((XECPublicKey) pair.getPublic()).getU())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no X25519 key pair generator", e);
        }
    }

    public PeerKey publicKey() {
        return publicKey;
    }

    public String privateKeyBase64() {
        return Base64.getEncoder().encodeToString(privateKey);
    }

    @Override
    public String toString() {
        return "key pair " + publicKey.shortForm();
    }

    /** The u-coordinate as the 32 little-endian bytes RFC 7748 encodes it in. */
    private static byte[] littleEndian(BigInteger u) {
        byte[] big = u.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }
}
