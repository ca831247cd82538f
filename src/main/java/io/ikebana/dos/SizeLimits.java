package io.ikebana.dos;

/**
 * Size limits checked on the raw message.
 *
 * @param maxMessage  largest IKE message accepted at all (UDP cannot carry more than 65,507 octets)
 * @param initMinimum smallest possible IKE_SA_INIT request: HDR 28 + SA 36 (one proposal with
 *                    ENCR, PRF, KE transforms) + KE 40 (Curve25519, 32 octets) + Ni 20 (16-octet
 *                    nonce, RFC 7296 §3.9) = 124
 * @param initMaximum largest IKE_SA_INIT request; it is never fragmented (RFC 7383 §2.5.3), so a
 *                    legitimate one carries at most a large KE (ML-KEM-1024: 1568 octets) plus
 *                    proposals and notifies
 */
public record SizeLimits(int maxMessage, int initMinimum, int initMaximum) {

    /** Length of the fixed IKE header (RFC 7296 §3.1). */
    public static final int IKE_HEADER_LENGTH = 28;

    public SizeLimits {
        if (initMinimum < IKE_HEADER_LENGTH || initMinimum > initMaximum || initMaximum > maxMessage
                || maxMessage > 65_535) {
            throw new IllegalArgumentException(
                    "dos.sizes: need 28 <= initMinimum <= initMaximum <= maxMessage <= 65535");
        }
    }

    public static SizeLimits defaults() {
        return new SizeLimits(65_535, 124, 8_192);
    }
}
