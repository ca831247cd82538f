package io.ikebana.dos.puzzle;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code PRF(key, data)} for puzzles, with the key as the PRF key and S as the data (RFC 8019
 * §7.1.3). Thread-safe: each thread gets its own {@link Mac} per algorithm.
 */
public final class PuzzlePrf {
    private final ThreadLocal<Mac[]> macs =
            ThreadLocal.withInitial(() -> new Mac[PrfAlgorithm.values().length]);
    private final ThreadLocal<byte[]> output = ThreadLocal.withInitial(() -> new byte[64]);

    /** Trailing zero bits of {@code PRF(key[keyOff..keyOff+keyLen), data)}. */
    public int trailingZeroBits(PrfAlgorithm prf, byte[] key, int keyOff, int keyLen, byte[] data) {
        Mac mac = mac(prf);
        byte[] out = output.get();
        try {
            mac.init(new SecretKeySpec(key, keyOff, keyLen, prf.jcaName()));
            mac.update(data);
            mac.doFinal(out, 0);
        } catch (InvalidKeyException | ShortBufferException e) {
            throw new IllegalStateException("PRF " + prf + " failed", e);
        }
        return ZeroBits.trailing(out, prf.outputLength());
    }

    /** Full PRF output, for tests and diagnostics. */
    public byte[] compute(PrfAlgorithm prf, byte[] key, byte[] data) {
        Mac mac = mac(prf);
        try {
            mac.init(new SecretKeySpec(key, prf.jcaName()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("PRF " + prf + " failed", e);
        }
        return mac.doFinal(data);
    }

    private Mac mac(PrfAlgorithm prf) {
        if (!prf.isKnown()) {
            throw new IllegalArgumentException("unsupported PRF");
        }
        Mac[] cache = macs.get();
        Mac m = cache[prf.ordinal()];
        if (m == null) {
            try {
                m = Mac.getInstance(prf.jcaName());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JCA lacks " + prf.jcaName(), e);
            }
            cache[prf.ordinal()] = m;
        }
        return m;
    }
}
