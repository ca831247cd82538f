package io.ikebana.esp.crypto;

/**
 * ESP encryption algorithms supported by the data plane, with their IKEv2 Transform Type 1 IDs
 * (IANA "Transform Type 1 - Encryption Algorithm Transform IDs").
 */
public enum EncryptionAlgorithm {
    /** AES-CBC, RFC 3602: 16-octet random IV, payload padded to the 16-octet block. */
    AES_CBC(12, 16, 16, 0),
    /** AES-GCM with a 16-octet ICV, RFC 4106: 8-octet explicit IV, 4-octet salt after the key. */
    AES_GCM_16(20, 8, 4, 4),
    /** Any transform ID we do not implement. */
    UNKNOWN(-1, 0, 0, 0);

    private final int code;
    private final int ivLength;
    private final int padAlignment;
    private final int saltLength;

    EncryptionAlgorithm(int code, int ivLength, int padAlignment, int saltLength) {
        this.code = code;
        this.ivLength = ivLength;
        this.padAlignment = padAlignment;
        this.saltLength = saltLength;
    }

    /** The IKEv2 transform ID. */
    public int code() {
        return code;
    }

    /** Octets of explicit IV carried in every ESP packet. */
    public int ivLength() {
        return ivLength;
    }

    /**
     * The encrypted part (payload, padding, pad length, next header) is a multiple of this:
     * the cipher block for CBC (RFC 3602 §3), 4 octets for GCM (RFC 4303 §2.4, RFC 4106 §3.2).
     */
    public int padAlignment() {
        return padAlignment;
    }

    /** Octets of salt appended to the key in the KEYMAT (RFC 4106 §8.1), 0 if none. */
    public int saltLength() {
        return saltLength;
    }

    /** Maps an IKEv2 transform ID to an algorithm, {@link #UNKNOWN} if we do not implement it. */
    public static EncryptionAlgorithm fromCode(int code) {
        for (EncryptionAlgorithm a : values()) {
            if (a.code == code && a != UNKNOWN) {
                return a;
            }
        }
        return UNKNOWN;
    }
}
