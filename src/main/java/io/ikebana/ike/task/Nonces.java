package io.ikebana.ike.task;

import java.security.SecureRandom;

/** Nonces of 32 octets: at least half the largest PRF key and 16 octets (RFC 7296 §2.10). */
final class Nonces {
    private Nonces() {
    }

    static byte[] fresh(SecureRandom random) {
        byte[] n = new byte[32];
        random.nextBytes(n);
        return n;
    }
}
