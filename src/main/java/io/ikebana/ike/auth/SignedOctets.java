package io.ikebana.ike.auth;

import io.ikebana.crypto.PrfAlgorithm;
import java.nio.charset.StandardCharsets;

/** The octets an AUTH payload covers, and the PSK computation (RFC 7296 §2.15). */
public final class SignedOctets {
    private static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);

    private SignedOctets() {
    }

    /** RealMessage | NonceData | prf(SK_p, ID') */
    public static byte[] of(byte[] realMessage, byte[] nonce, PrfAlgorithm prf, byte[] skP, byte[] idBody) {
        byte[] mac = prf.prf(skP, idBody);
        byte[] out = new byte[realMessage.length + nonce.length + mac.length];
        System.arraycopy(realMessage, 0, out, 0, realMessage.length);
        System.arraycopy(nonce, 0, out, realMessage.length, nonce.length);
        System.arraycopy(mac, 0, out, realMessage.length + nonce.length, mac.length);
        return out;
    }

    /** AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), SignedOctets) */
    public static byte[] psk(PrfAlgorithm prf, byte[] psk, byte[] octets) {
        return prf.prf(prf.prf(psk, KEY_PAD), octets);
    }
}
