package io.ikebana.crypto;

/** Integrity algorithms (RFC 7296 §3.3.2 transform type 3; RFC 4868). */
public enum IntegAlgorithm {
    NONE(0, null, 0, 0),
    HMAC_SHA2_256_128(12, "HmacSHA256", 32, 16),
    HMAC_SHA2_384_192(13, "HmacSHA384", 48, 24),
    HMAC_SHA2_512_256(14, "HmacSHA512", 64, 32);

    private final int id;
    private final String jcaName;
    private final int keySize;
    private final int icvSize;

    IntegAlgorithm(int id, String jcaName, int keySize, int icvSize) {
        this.id = id;
        this.jcaName = jcaName;
        this.keySize = keySize;
        this.icvSize = icvSize;
    }

    public int id() {
        return id;
    }

    public String jcaName() {
        return jcaName;
    }

    public int keySize() {
        return keySize;
    }

    public int icvSize() {
        return icvSize;
    }

    public static IntegAlgorithm byId(int id) {
        for (IntegAlgorithm a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        return null;
    }
}
