package io.ikebana.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protection of the Encrypted payload (SK) and Encrypted Fragment payload (SKF) in one direction:
 * RFC 7296 §3.14 for AES-CBC with HMAC, RFC 5282 for AES-GCM. It works in place on a message
 * buffer laid out as {@code [aad | IV | plaintext+padding+padLength | ICV]}, where aad runs from
 * the IKE header through the SK (or SKF) generic header.
 */
public final class SkCipher {
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> cipher("AES/GCM/NoPadding"));
    private static final ThreadLocal<Cipher> CBC = ThreadLocal.withInitial(() -> cipher("AES/CBC/NoPadding"));

    private final EncrAlgorithm encr;
    private final IntegAlgorithm integ;
    private final SecretKeySpec encKey;
    private final byte[] salt;
    private final SecretKeySpec integKey;
    private final SecureRandom random;

    /**
     * @param encKey key material for encryption, including the salt for AEAD (SK_e)
     * @param integKey SK_a, empty for AEAD
     */
    public SkCipher(EncrAlgorithm encr, IntegAlgorithm integ, byte[] encKey, byte[] integKey, SecureRandom random) {
        this.encr = encr;
        this.integ = encr.aead() ? IntegAlgorithm.NONE : integ;
        int keyLen = encKey.length - encr.saltSize();
        this.encKey = new SecretKeySpec(encKey, 0, keyLen, "AES");
        this.salt = new byte[encr.saltSize()];
        System.arraycopy(encKey, keyLen, salt, 0, salt.length);
        this.integKey = this.integ == IntegAlgorithm.NONE ? null : new SecretKeySpec(integKey, this.integ.jcaName());
        this.random = random;
    }

    private static Cipher cipher(String name) {
        try {
            return Cipher.getInstance(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name + " unavailable", e);
        }
    }

    public int ivSize() {
        return encr.ivSize();
    }

    public int icvSize() {
        return encr.aead() ? encr.icvSize() : integ.icvSize();
    }

    /** Length of plaintext + padding + the Pad Length octet for {@code contentLength} octets. */
    public int paddedLength(int contentLength) {
        int bs = encr.blockSize();
        int n = contentLength + 1;
        return (n + bs - 1) / bs * bs;
    }

    /** Octets the SK body takes beyond the content: IV, padding, pad length, ICV. */
    public int overhead(int contentLength) {
        return ivSize() + paddedLength(contentLength) - contentLength + icvSize();
    }

    /**
     * Encrypts in place. {@code msg[aadEnd + ivSize ..]} holds the content followed by room for
     * padding, the pad length and the ICV; this method writes the IV, padding, ciphertext and ICV.
     */
    public void seal(byte[] msg, int aadEnd, int contentLength) {
        int padded = paddedLength(contentLength);
        int plainOff = aadEnd + ivSize();
        int padLen = padded - contentLength - 1;
        for (int i = 0; i < padLen; i++) {
            msg[plainOff + contentLength + i] = 0;
        }
        msg[plainOff + padded - 1] = (byte) padLen;
        byte[] iv = new byte[ivSize()];
        random.nextBytes(iv);
        System.arraycopy(iv, 0, msg, aadEnd, iv.length);
        try {
            if (encr.aead()) {
                Cipher c = GCM.get();
                c.init(Cipher.ENCRYPT_MODE, encKey, new GCMParameterSpec(encr.icvSize() * 8, nonce(iv)));
                c.updateAAD(msg, 0, aadEnd);
                c.doFinal(msg, plainOff, padded, msg, plainOff);
            } else {
                Cipher c = CBC.get();
                c.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(iv));
                c.doFinal(msg, plainOff, padded, msg, plainOff);
                Mac mac = Macs.get(integ.jcaName());
                mac.init(integKey);
                mac.update(msg, 0, plainOff + padded);
                byte[] full = mac.doFinal();
                System.arraycopy(full, 0, msg, plainOff + padded, integ.icvSize());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SK encryption failed", e);
        }
    }

    /**
     * Verifies and decrypts in place the body {@code msg[aadEnd .. end)}. Returns the content
     * length (padding removed; the content starts at {@code aadEnd + ivSize()}), or -1 when the
     * integrity check fails or the padding is inconsistent.
     */
    public int open(byte[] msg, int aadEnd, int end) {
        int plainOff = aadEnd + ivSize();
        int cipherLen = end - plainOff - icvSize();
        if (cipherLen < 1 || (!encr.aead() && cipherLen % encr.blockSize() != 0)) {
            return -1;
        }
        try {
            int plainLen;
            if (encr.aead()) {
                byte[] iv = new byte[ivSize()];
                System.arraycopy(msg, aadEnd, iv, 0, iv.length);
                Cipher c = GCM.get();
                c.init(Cipher.DECRYPT_MODE, encKey, new GCMParameterSpec(encr.icvSize() * 8, nonce(iv)));
                c.updateAAD(msg, 0, aadEnd);
                plainLen = c.doFinal(msg, plainOff, cipherLen + icvSize(), msg, plainOff);
            } else {
                // RFC 7296 §3.14: the ICV covers the message through the Pad Length, on ciphertext
                Mac mac = Macs.get(integ.jcaName());
                mac.init(integKey);
                mac.update(msg, 0, end - icvSize());
                byte[] full = mac.doFinal();
                byte[] icv = new byte[integ.icvSize()];
                System.arraycopy(full, 0, icv, 0, icv.length);
                byte[] got = new byte[icv.length];
                System.arraycopy(msg, end - icvSize(), got, 0, got.length);
                if (!MessageDigest.isEqual(icv, got)) {
                    return -1;
                }
                Cipher c = CBC.get();
                c.init(Cipher.DECRYPT_MODE, encKey, new IvParameterSpec(msg, aadEnd, ivSize()));
                plainLen = c.doFinal(msg, plainOff, cipherLen, msg, plainOff);
            }
            int padLen = msg[plainOff + plainLen - 1] & 0xff;
            int content = plainLen - 1 - padLen;
            return content < 0 ? -1 : content;
        } catch (javax.crypto.AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    private byte[] nonce(byte[] iv) {
        byte[] n = new byte[salt.length + iv.length];
        System.arraycopy(salt, 0, n, 0, salt.length);
        System.arraycopy(iv, 0, n, salt.length, iv.length);
        return n;
    }

    /** Per-thread Mac instances by JCA name. */
    static final class Macs {
        private static final ThreadLocal<java.util.Map<String, Mac>> MACS =
                ThreadLocal.withInitial(java.util.HashMap::new);

        static Mac get(String name) {
            return MACS.get().computeIfAbsent(name, n -> {
                try {
                    return Mac.getInstance(n);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(n + " unavailable", e);
                }
            });
        }
    }
}
