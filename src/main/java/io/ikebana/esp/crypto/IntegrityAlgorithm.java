package io.ikebana.esp.crypto;

/**
 * ESP integrity algorithms with their IKEv2 Transform Type 3 IDs; truncation lengths and key
 * sizes from RFC 4868 §2.1.
 */
public enum IntegrityAlgorithm {
    /** No separate integrity algorithm: only valid with a combined-mode cipher (AES-GCM). */
    NONE(0, 0, 0, null),
    HMAC_SHA2_256_128(12, 32, 16, "HmacSHA256"),
    HMAC_SHA2_384_192(13, 48, 24, "HmacSHA384"),
    HMAC_SHA2_512_256(14, 64, 32, "HmacSHA512"),
    /** Any transform ID we do not implement. */
    UNKNOWN(-1, 0, 0, null);

    private final int code;
    private final int keyLength;
    private final int icvLength;
    private final String jcaName;

    IntegrityAlgorithm(int code, int keyLength, int icvLength, String jcaName) {
        this.code = code;
        this.keyLength = keyLength;
        this.icvLength = icvLength;
        this.jcaName = jcaName;
    }

    /** The IKEv2 transform ID. */
    public int code() {
        return code;
    }

    /** Key length in octets (RFC 4868 §2.1.1: the hash output length). */
    public int keyLength() {
        return keyLength;
    }

    /** Truncated ICV length in octets (RFC 4868 §2.1.1: half the hash output). */
    public int icvLength() {
        return icvLength;
    }

    String jcaName() {
        return jcaName;
    }

    /** Maps an IKEv2 transform ID to an algorithm, {@link #UNKNOWN} if we do not implement it. */
    public static IntegrityAlgorithm fromCode(int code) {
        for (IntegrityAlgorithm a : values()) {
            if (a.code == code && a != UNKNOWN) {
                return a;
            }
        }
        return UNKNOWN;
    }
}
