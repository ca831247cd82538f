package io.ikebana.esp.crypto;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * The KEYMAT of one direction of a Child SA (RFC 7296 §2.17): the encryption key (for AES-GCM
 * including its trailing 4-octet salt, RFC 4106 §8.1) and the integrity key (empty for AES-GCM).
 *
 * <p>Opaque: the bytes are only readable inside this package, {@link #toString()} prints
 * {@code [redacted]}, and {@link #destroy()} zeroes them. {@link #of} copies its arguments, so the
 * caller can wipe its own arrays.
 */
public final class SecretKeys implements Destroyable {

    private final byte[] encryption;
    private final byte[] integrity;
    private volatile boolean destroyed;

    private SecretKeys(byte[] encryption, byte[] integrity) {
        this.encryption = encryption;
        this.integrity = integrity;
    }

    /** Copies the given key material; {@code integrityKey} may be empty. */
    public static SecretKeys of(byte[] encryptionKey, byte[] integrityKey) {
        return new SecretKeys(encryptionKey.clone(), integrityKey.clone());
    }

    public int encryptionKeyLength() {
        return encryption.length;
    }

    public int integrityKeyLength() {
        return integrity.length;
    }

    /** The live encryption key bytes (not a copy): callers in this package must not keep them. */
    byte[] encryptionKey() {
        checkLive();
        return encryption;
    }

    byte[] integrityKey() {
        checkLive();
        return integrity;
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("keys destroyed");
        }
    }

    @Override
    public void destroy() {
        Arrays.fill(encryption, (byte) 0);
        Arrays.fill(integrity, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
