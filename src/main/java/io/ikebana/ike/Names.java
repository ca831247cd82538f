package io.ikebana.ike;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.PrfAlgorithm;

/** strongSwan's algorithm names, for logs and the admin API. */
final class Names {
    private Names() {
    }

    static String integ(IntegAlgorithm a) {
        switch (a) {
            case HMAC_SHA2_256_128: return "sha256";
            case HMAC_SHA2_384_192: return "sha384";
            case HMAC_SHA2_512_256: return "sha512";
            default: return "none";
        }
    }

    static String prf(PrfAlgorithm p) {
        switch (p) {
            case HMAC_SHA2_384: return "prfsha384";
            case HMAC_SHA2_512: return "prfsha512";
            default: return "prfsha256";
        }
    }

    static String dh(DhGroup g) {
        switch (g) {
            case CURVE25519: return "x25519";
            case ECP_256: return "ecp256";
            case ECP_384: return "ecp384";
            case ECP_521: return "ecp521";
            case MODP_2048: return "modp2048";
            default: return "modp3072";
        }
    }
}
