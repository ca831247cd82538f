package io.ikebana.crypto;

import java.security.SecureRandom;

/**
 * A random source that hands out fixed octets, so a key exchange can be given a known private
 * key (the product draws its private values through the injected random source).
 */
public final class FixedBytesRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private int pos;

    public FixedBytesRandom(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
        if (pos + out.length > bytes.length) {
            throw new IllegalStateException("fixed random exhausted: wanted " + out.length + " more octets");
        }
        System.arraycopy(bytes, pos, out, 0, out.length);
        pos += out.length;
    }

    /** True when every octet was consumed: the private key is exactly the given one. */
    public boolean consumed() {
        return pos == bytes.length;
    }
}
