package io.ikebana.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Pseudo-random functions (RFC 7296 §3.3.2 transform type 2; RFC 4868). */
public enum PrfAlgorithm {
    HMAC_SHA2_256(5, "HmacSHA256", 32),
    HMAC_SHA2_384(6, "HmacSHA384", 48),
    HMAC_SHA2_512(7, "HmacSHA512", 64);

    private final int id;
    private final String jcaName;
    private final int size;
    private final ThreadLocal<Mac> macs;

    PrfAlgorithm(int id, String jcaName, int size) {
        this.id = id;
        this.jcaName = jcaName;
        this.size = size;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                return Mac.getInstance(jcaName);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(jcaName + " unavailable", e);
            }
        });
    }

    public int id() {
        return id;
    }

    /** Output length, also the preferred key length (RFC 7296 §2.13). */
    public int size() {
        return size;
    }

    public static PrfAlgorithm byId(int id) {
        for (PrfAlgorithm p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }

    public byte[] prf(byte[] key, byte[]... data) {
        Mac mac = macs.get();
        try {
            // HMAC accepts any key length; an empty key is not allowed by JCA, use one zero octet-free
            // equivalent: HMAC pads keys with zeros, so a zero-length key equals a single 0x00 block.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, jcaName));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        for (byte[] d : data) {
            mac.update(d);
        }
        return mac.doFinal();
    }

    /** prf+ of RFC 7296 §2.13: T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n). */
    public byte[] prfPlus(byte[] key, byte[] seed, int length) {
        if (length > 255 * size) {
            throw new IllegalArgumentException("prf+ output too long: " + length);
        }
        byte[] out = new byte[length];
        Mac mac = macs.get();
        try {
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, jcaName));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        byte[] t = new byte[0];
        int pos = 0;
        for (int n = 1; pos < length; n++) {
            mac.update(t);
            mac.update(seed);
            mac.update((byte) n);
            t = mac.doFinal();
            int c = Math.min(t.length, length - pos);
            System.arraycopy(t, 0, out, pos, c);
            pos += c;
        }
        return out;
    }
}
