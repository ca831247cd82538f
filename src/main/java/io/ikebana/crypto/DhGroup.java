package io.ikebana.crypto;

import java.security.SecureRandom;

/** Key exchange methods (RFC 7296 §3.3.2 transform type 4): MODP, ECP and Curve25519. */
public enum DhGroup {
    MODP_2048(14, 256),
    MODP_3072(15, 384),
    ECP_256(19, 64),
    ECP_384(20, 96),
    ECP_521(21, 132),
    CURVE25519(31, 32);

    private final int id;
    private final int publicLength;

    DhGroup(int id, int publicLength) {
        this.id = id;
        this.publicLength = publicLength;
    }

    public int id() {
        return id;
    }

    /** Length of the Key Exchange Data (RFC 3526, RFC 5903 §7, RFC 8031 §3). */
    public int publicLength() {
        return publicLength;
    }

    public static DhGroup byId(int id) {
        for (DhGroup g : values()) {
            if (g.id == id) {
                return g;
            }
        }
        return null;
    }

    /** Picks the x25519 library now (the choice is logged) rather than on the first exchange. */
    public static void chooseImplementations() {
        OpenSslX25519.instance();
    }

    public KeyExchange generate(SecureRandom random) {
        switch (this) {
            case CURVE25519:
                return new X25519KeyExchange(random);
            case ECP_256:
            case ECP_384:
            case ECP_521:
                return new EcpKeyExchange(this, random);
            default:
                return new ModpKeyExchange(this, random);
        }
    }
}
