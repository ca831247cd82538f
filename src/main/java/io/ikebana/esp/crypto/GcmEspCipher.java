package io.ikebana.esp.crypto;

import io.ikebana.crypto.Jca;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM-16 for ESP (RFC 4106) on the JCA provider (SunJCE: AES-NI, CLMUL/VAES intrinsics).
 * Nonce = salt (4) | explicit IV (8); AAD = SPI | Seq (8 octets) or SPI | Seq-high | Seq-low
 * (12 octets) with ESN (RFC 4106 §5). Not thread-safe, see {@link EspCipher}.
 */
final class GcmEspCipher implements EspCipher {

    private static final int TAG_BITS = 128;
    private static final int IV_LENGTH = 8;
    private static final int ICV_LENGTH = 16;

    /** Created at the first packet: most SAs of a busy gateway idle for long, many never carry one. */
    private Cipher cipher;
    private final SecretKeySpec key;
    private final boolean esn;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[12];

    GcmEspCipher(byte[] keyMaterial, boolean esn) {
        int keyLength = keyMaterial.length - 4;
        this.key = new SecretKeySpec(keyMaterial, 0, keyLength, "AES");
        // RFC 4106 §8.1: the salt is the last 4 octets of the KEYMAT for this key
        System.arraycopy(keyMaterial, keyLength, nonce, 0, 4);
        this.esn = esn;
    }

    private Cipher cipher() {
        Cipher c = cipher;
        if (c == null) {
            try {
                c = Jca.cipher("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM unavailable", e);
            }
            cipher = c;
        }
        return c;
    }

    @Override
    public int ivLength() {
        return IV_LENGTH;
    }

    @Override
    public int icvLength() {
        return ICV_LENGTH;
    }

    @Override
    public int padAlignment() {
        return 4;
    }

    @Override
    public int seal(long seq, byte[] buf, int off, int plaintextLength) {
        // RFC 4106 §3.1: the IV must not repeat under one key; the sequence number never does
        BigEndian.putLong(buf, off + HEADER_LENGTH, seq);
        BigEndian.putLong(nonce, 4, seq);
        int dataOff = off + HEADER_LENGTH + IV_LENGTH;
        Cipher gcm = cipher();
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            updateAad(gcm, seq, buf, off);
            return HEADER_LENGTH + IV_LENGTH + gcm.doFinal(buf, dataOff, plaintextLength, buf, dataOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public int open(long seq, byte[] buf, int off, int len) {
        // RFC 4106 §3.1: the receiver takes the IV from the packet, whatever the sender's scheme
        System.arraycopy(buf, off + HEADER_LENGTH, nonce, 4, IV_LENGTH);
        int dataOff = off + HEADER_LENGTH + IV_LENGTH;
        Cipher gcm = cipher();
        try {
            // Decrypt re-initialisation with a key/IV pair seen before is allowed by SunJCE (only
            // encryption refuses it), so a retransmitted or forged copy of a packet is harmless here.
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            updateAad(gcm, seq, buf, off);
            return gcm.doFinal(buf, dataOff, len - HEADER_LENGTH - IV_LENGTH, buf, dataOff);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private void updateAad(Cipher gcm, long seq, byte[] buf, int off) {
        if (esn) {
            // RFC 4106 §5: SPI | Seq-high (inferred, RFC 4303 App. A2) | Seq-low (from the packet)
            System.arraycopy(buf, off, aad, 0, 4);
            BigEndian.putInt(aad, 4, (int) (seq >>> 32));
            System.arraycopy(buf, off + 4, aad, 8, 4);
            gcm.updateAAD(aad, 0, 12);
        } else {
            // RFC 4106 §5: SPI | 32-bit sequence number, exactly the ESP header
            gcm.updateAAD(buf, off, HEADER_LENGTH);
        }
    }
}
