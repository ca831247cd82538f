package io.ikebana.dos.puzzle;

/**
 * Zero-bit count (ZBC) of a PRF result: "the length of the zero-bit run at the end of the output"
 * (RFC 8019 §4.4), i.e. trailing zero bits counted from the least significant bit of the last
 * octet backwards. Note: trailing, not leading, zero bits.
 */
public final class ZeroBits {
    private ZeroBits() {
    }

    public static int trailing(byte[] output) {
        return trailing(output, output.length);
    }

    /** Trailing zero bits of {@code output[0..length)}. */
    public static int trailing(byte[] output, int length) {
        int bits = 0;
        for (int i = length - 1; i >= 0; i--) {
            int b = output[i] & 0xFF;
            if (b != 0) {
                return bits + Integer.numberOfTrailingZeros(b);
            }
            bits += 8;
        }
        return bits;
    }
}
