package io.ikebana.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Opaque key material. Prints as {@code [redacted]}, can be destroyed, and hands its bytes out
 * only through {@link #bytes()} for the crypto code that needs them.
 */
public final class Secret {
    private static final Secret EMPTY = new Secret(new byte[0]);
    private final byte[] value;
    private volatile boolean destroyed;

    private Secret(byte[] value) {
        this.value = value;
    }

    /** Takes ownership of {@code value} (not copied). */
    public static Secret wrap(byte[] value) {
        return value.length == 0 ? EMPTY : new Secret(value);
    }

    public static Secret copyOf(byte[] value, int off, int len) {
        return wrap(Arrays.copyOfRange(value, off, off + len));
    }

    public static Secret empty() {
        return EMPTY;
    }

    public byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("secret destroyed");
        }
        return value;
    }

    public int length() {
        return value.length;
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    public void destroy() {
        if (this != EMPTY) {
            Arrays.fill(value, (byte) 0);
            destroyed = true;
        }
    }

    /** Constant-time comparison. */
    public boolean sameAs(Secret other) {
        return MessageDigest.isEqual(value, other.value);
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
