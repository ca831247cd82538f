package io.ikebana.wire;

import io.ikebana.crypto.SkCipher;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds SK / SKF protected messages around arbitrary content octets, so that a test can send an
 * authenticated message whose inside is malformed (something {@code MessageEncoder} never makes).
 */
public final class ProtectedBytes {
    public static final int SK = 46;
    public static final int SKF = 53;

    private ProtectedBytes() {
    }

    /**
     * An SK-protected message: {@code header} (28 octets; next payload and length are set here),
     * then {@code clear} payloads (the last one's Next Payload must already say SK), then SK whose
     * Next Payload is {@code firstInner}, with {@code content} inside.
     */
    public static byte[] sk(byte[] header, byte[] clear, int firstInner, byte[] content, SkCipher c) {
        return seal(header, clear, SK, firstInner, 0, 0, content, c);
    }

    /** One SKF fragment (RFC 7383 §2.5) carrying {@code content}. */
    public static byte[] skf(byte[] header, int firstInner, int number, int total, byte[] content, SkCipher c) {
        return seal(header, new byte[0], SKF, firstInner, number, total, content, c);
    }

    private static byte[] seal(byte[] header, byte[] clear, int type, int firstInner, int number, int total,
            byte[] content, SkCipher c) {
        boolean frag = type == SKF;
        int bodyLen = c.ivSize() + c.paddedLength(content.length) + c.icvSize();
        int skLen = (frag ? 8 : 4) + bodyLen;
        byte[] skHdr = frag
                ? WireBytes.concat(WireBytes.u8(firstInner, 0), WireBytes.u16(skLen), WireBytes.u16(number),
                        WireBytes.u16(total))
                : WireBytes.concat(WireBytes.u8(firstInner, 0), WireBytes.u16(skLen));
        byte[] h = header.clone();
        if (clear.length == 0) {
            h[16] = (byte) type;
        }
        byte[] msg = WireBytes.concat(h, clear, skHdr, new byte[c.ivSize()], content,
                new byte[bodyLen - c.ivSize() - content.length]);
        setLength(msg);
        c.seal(msg, h.length + clear.length + skHdr.length, content.length);
        return msg;
    }

    /**
     * AES-GCM-16 SK with the plaintext given whole (content, padding and Pad Length as the test
     * wants them): for authenticated messages whose padding is inconsistent.
     */
    public static byte[] gcmRaw(byte[] header, int firstInner, byte[] plainWithPadding, byte[] keyAndSalt, byte[] iv) {
        int bodyLen = iv.length + plainWithPadding.length + 16;
        byte[] h = header.clone();
        h[16] = (byte) SK;
        byte[] skHdr = WireBytes.concat(WireBytes.u8(firstInner, 0), WireBytes.u16(4 + bodyLen));
        byte[] aad = WireBytes.concat(h, skHdr);
        setLength(aad, aad.length + bodyLen);
        try {
            Cipher g = Cipher.getInstance("AES/GCM/NoPadding");
            int keyLen = keyAndSalt.length - 4;
            byte[] nonce = WireBytes.concat(java.util.Arrays.copyOfRange(keyAndSalt, keyLen, keyAndSalt.length), iv);
            g.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyAndSalt, 0, keyLen, "AES"), new GCMParameterSpec(128, nonce));
            g.updateAAD(aad);
            return WireBytes.concat(aad, iv, g.doFinal(plainWithPadding));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the message length into the header (octets 24..27). */
    public static void setLength(byte[] msg) {
        setLength(msg, msg.length);
    }

    public static void setLength(byte[] msg, long length) {
        byte[] l = WireBytes.u32(length);
        System.arraycopy(l, 0, msg, 24, 4);
    }
}
