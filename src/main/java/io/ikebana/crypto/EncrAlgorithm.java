package io.ikebana.crypto;

/** Encryption algorithms (RFC 7296 §3.3.2 transform type 1; RFC 5282; RFC 4106). */
public enum EncrAlgorithm {
    AES_CBC(12, false, 16, 16, 0, 0),
    AES_GCM_16(20, true, 1, 8, 16, 4);

    private final int id;
    private final boolean aead;
    private final int blockSize;
    private final int ivSize;
    private final int icvSize;
    private final int saltSize;

    EncrAlgorithm(int id, boolean aead, int blockSize, int ivSize, int icvSize, int saltSize) {
        this.id = id;
        this.aead = aead;
        this.blockSize = blockSize;
        this.ivSize = ivSize;
        this.icvSize = icvSize;
        this.saltSize = saltSize;
    }

    public int id() {
        return id;
    }

    public boolean aead() {
        return aead;
    }

    public int blockSize() {
        return blockSize;
    }

    public int ivSize() {
        return ivSize;
    }

    public int icvSize() {
        return icvSize;
    }

    /** Octets of salt appended to the key in the key material (RFC 5282 §7.1, RFC 4106 §8.1). */
    public int saltSize() {
        return saltSize;
    }

    public static boolean validKeyBits(int bits) {
        return bits == 128 || bits == 192 || bits == 256;
    }

    public static EncrAlgorithm byId(int id) {
        for (EncrAlgorithm a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        return null;
    }
}
