package io.ikebana.esp.crypto;

import io.ikebana.crypto.Jca;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CBC (RFC 3602) with HMAC-SHA2 truncated (RFC 4868), encrypt-then-MAC as RFC 4303 §3.3.2
 * orders it. The ICV covers SPI | Seq | IV | ciphertext, followed for the computation only by the
 * high 32 bits of the ESN (RFC 4303 §2.2.1, §3.3.2.1). The ICV is verified before decryption
 * (RFC 4303 §3.4.4.1). Not thread-safe, see {@link EspCipher}.
 */
final class CbcHmacEspCipher implements EspCipher {

    private static final int IV_LENGTH = 16;

    private final Cipher cbc;
    private final SecretKeySpec key;
    private final Mac mac;
    private final int icvLength;
    private final boolean esn;
    private final IvSource ivSource;
    private final byte[] macOut;
    private final byte[] seqHigh = new byte[4];

    /** {@code ivSource} is null for an inbound (decrypting) instance. */
    CbcHmacEspCipher(byte[] encryptionKey, IntegrityAlgorithm integrity, byte[] integrityKey,
            boolean esn, IvSource ivSource) {
        this.key = new SecretKeySpec(encryptionKey, "AES");
        this.icvLength = integrity.icvLength();
        this.esn = esn;
        this.ivSource = ivSource;
        try {
            this.cbc = Jca.cipher("AES/CBC/NoPadding");
            this.mac = Jca.mac(integrity.jcaName());
            this.mac.init(new SecretKeySpec(integrityKey, integrity.jcaName()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC/HMAC unavailable", e);
        }
        this.macOut = new byte[mac.getMacLength()];
    }

    @Override
    public int ivLength() {
        return IV_LENGTH;
    }

    @Override
    public int icvLength() {
        return icvLength;
    }

    @Override
    public int padAlignment() {
        return 16;
    }

    @Override
    public int seal(long seq, byte[] buf, int off, int plaintextLength) {
        int ivOff = off + HEADER_LENGTH;
        int dataOff = ivOff + IV_LENGTH;
        ivSource.nextIv(seq, buf, ivOff);
        try {
            cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(buf, ivOff, IV_LENGTH));
            cbc.doFinal(buf, dataOff, plaintextLength, buf, dataOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC encryption failed", e);
        }
        int authenticated = HEADER_LENGTH + IV_LENGTH + plaintextLength;
        computeMac(seq, buf, off, authenticated);
        System.arraycopy(macOut, 0, buf, off + authenticated, icvLength);
        return authenticated + icvLength;
    }

    @Override
    public int open(long seq, byte[] buf, int off, int len) {
        int authenticated = len - icvLength;
        computeMac(seq, buf, off, authenticated);
        if (!equalsConstantTime(buf, off + authenticated)) {
            return -1;
        }
        int ivOff = off + HEADER_LENGTH;
        int dataOff = ivOff + IV_LENGTH;
        int dataLength = authenticated - HEADER_LENGTH - IV_LENGTH;
        try {
            cbc.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(buf, ivOff, IV_LENGTH));
            return cbc.doFinal(buf, dataOff, dataLength, buf, dataOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC decryption failed", e);
        }
    }

    private void computeMac(long seq, byte[] buf, int off, int length) {
        mac.update(buf, off, length);
        if (esn) {
            // RFC 4303 §2.2.1: the high-order 32 bits of the ESN take part in the ICV, not the wire
            BigEndian.putInt(seqHigh, 0, (int) (seq >>> 32));
            mac.update(seqHigh, 0, 4);
        }
        try {
            mac.doFinal(macOut, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
    }

    private boolean equalsConstantTime(byte[] buf, int icvOff) {
        int diff = 0;
        for (int i = 0; i < icvLength; i++) {
            diff |= macOut[i] ^ buf[icvOff + i];
        }
        return diff == 0;
    }
}
