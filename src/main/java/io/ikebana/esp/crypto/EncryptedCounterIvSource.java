package io.ikebana.esp.crypto;

import io.ikebana.crypto.Jca;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * CBC IVs that are unpredictable (RFC 3602 §3: "the IV MUST be chosen at random, and MUST be
 * unpredictable") without a shared random source on the packet path: IV = AES-K(seq), with K a
 * fresh random key per SA. This is the first method of NIST SP 800-38A Appendix C (apply the
 * forward cipher to a nonce, "for example a counter"); the sequence number never repeats within an
 * SA, so neither does the input block. One AES block per packet instead of a synchronized
 * {@code SecureRandom} call. Not thread-safe.
 */
final class EncryptedCounterIvSource implements IvSource {

    private final Cipher ecb;
    private final byte[] counterBlock = new byte[16];

    EncryptedCounterIvSource(SecureRandom random) {
        byte[] k = new byte[16];
        random.nextBytes(k);
        try {
            ecb = Jca.cipher("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB unavailable", e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    @Override
    public void nextIv(long seq, byte[] out, int off) {
        BigEndian.putLong(counterBlock, 8, seq);
        try {
            ecb.doFinal(counterBlock, 0, 16, out, off);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("IV generation failed", e);
        }
    }
}
