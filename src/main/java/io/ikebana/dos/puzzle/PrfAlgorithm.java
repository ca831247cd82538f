package io.ikebana.dos.puzzle;

/**
 * PRF transform IDs (IANA "Transform Type 2"; RFC 7296 §3.3.2, RFC 4868 §4) that puzzles can use.
 * Only the HMAC PRFs are implemented; they accept keys of any size, so a puzzle key may be 1 octet
 * up to the PRF's preferred key length (RFC 8019 §8.2). The fixed-key PRFs (AES-XCBC, AES-CMAC)
 * map to {@link #UNKNOWN}: we never offer them in a PUZZLE notify.
 */
public enum PrfAlgorithm {
    HMAC_SHA1(2, "HmacSHA1", 20),
    HMAC_SHA2_256(5, "HmacSHA256", 32),
    HMAC_SHA2_384(6, "HmacSHA384", 48),
    HMAC_SHA2_512(7, "HmacSHA512", 64),
    UNKNOWN(-1, "", 0);

    private final int code;
    private final String jcaName;
    private final int preferredKeyLength;

    PrfAlgorithm(int code, String jcaName, int preferredKeyLength) {
        this.code = code;
        this.jcaName = jcaName;
        this.preferredKeyLength = preferredKeyLength;
    }

    /** Transform ID as carried in the 2-octet PRF field of the PUZZLE notify. */
    public int code() {
        return code;
    }

    public String jcaName() {
        return jcaName;
    }

    /** Preferred key length = output length for HMAC (RFC 2104 §3, RFC 4868 §2.1.2). */
    public int preferredKeyLength() {
        return preferredKeyLength;
    }

    /** Output length in octets. */
    public int outputLength() {
        return preferredKeyLength;
    }

    public boolean isKnown() {
        return this != UNKNOWN;
    }

    /** Maps a transform ID to a PRF; unknown or unsupported IDs give {@link #UNKNOWN}. */
    public static PrfAlgorithm fromCode(int code) {
        for (PrfAlgorithm p : values()) {
            if (p.code == code && p != UNKNOWN) {
                return p;
            }
        }
        return UNKNOWN;
    }
}
