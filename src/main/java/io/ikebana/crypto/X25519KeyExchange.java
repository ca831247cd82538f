package io.ikebana.crypto;

import java.security.SecureRandom;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Curve25519 key exchange (RFC 8031): 32-octet public values, g^ir = the X25519 output. The key
 * pair comes from Bouncy Castle; the shared secret from OpenSSL's libcrypto when it is usable
 * ({@link OpenSslX25519}), else from Bouncy Castle.
 */
final class X25519KeyExchange implements KeyExchange {
    private final byte[] privateKey = new byte[X25519.SCALAR_SIZE];
    private final byte[] publicKey = new byte[X25519.POINT_SIZE];
    private final Optional<OpenSslX25519> openSsl;

    X25519KeyExchange(SecureRandom random) {
        this(random, OpenSslX25519.instance());
    }

    X25519KeyExchange(SecureRandom random, Optional<OpenSslX25519> openSsl) {
        this.openSsl = openSsl;
        X25519.generatePrivateKey(random, privateKey);
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    @Override
    public DhGroup group() {
        return DhGroup.CURVE25519;
    }

    @Override
    public byte[] publicValue() {
        return publicKey.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peerPublic) throws InvalidPublicValueException {
        // RFC 8031 §3: the public value is exactly 32 octets
        if (peerPublic.length != X25519.POINT_SIZE) {
            throw new InvalidPublicValueException("x25519 public value length " + peerPublic.length);
        }
        byte[] out = new byte[X25519.POINT_SIZE];
        if (openSsl.isPresent() && openSsl.get().agree(privateKey, publicKey, peerPublic, out)) {
            return out;
        }
        // OpenSSL refused (or is absent): Bouncy Castle decides.
        // RFC 8031 §2: an all-zero result (small-order point) MUST be rejected
        if (!X25519.calculateAgreement(privateKey, 0, peerPublic, 0, out, 0)) {
            throw new InvalidPublicValueException("x25519 small-order point");
        }
        return out;
    }
}
