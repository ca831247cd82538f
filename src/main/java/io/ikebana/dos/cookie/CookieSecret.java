package io.ikebana.dos.cookie;

import java.time.Instant;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/**
 * One cookie secret: {@code <secret>} of RFC 7296 §2.6 and its {@code <VersionIDofSecret>}.
 * Opaque: prints as [redacted], can be destroyed.
 */
public final class CookieSecret {
    /** HMAC-SHA-256 key length. */
    public static final int LENGTH = 32;

    private final int version;
    private final long epoch;
    private final Instant validFrom;
    private final byte[] key;
    private volatile boolean destroyed;

    /**
     * @param version   one octet, carried in every cookie made with this secret
     * @param epoch     rotation period number the secret belongs to
     * @param validFrom start of that period
     * @param key       32 random octets; copied
     */
    public CookieSecret(int version, long epoch, Instant validFrom, byte[] key) {
        if (version < 0 || version > 255) {
            throw new IllegalArgumentException("version must fit one octet");
        }
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("cookie secret must be 32 octets");
        }
        this.version = version;
        this.epoch = epoch;
        this.validFrom = validFrom;
        this.key = key.clone();
    }

    public int version() {
        return version;
    }

    public long epoch() {
        return epoch;
    }

    public Instant validFrom() {
        return validFrom;
    }

    /** A fresh HMAC key object; fails once destroyed. */
    SecretKeySpec keySpec() {
        if (destroyed) {
            throw new IllegalStateException("cookie secret destroyed");
        }
        return new SecretKeySpec(key, "HmacSHA256");
    }

    /** Overwrites the key material. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "CookieSecret[version=" + version + ", epoch=" + epoch + ", key=[redacted]]";
    }
}
