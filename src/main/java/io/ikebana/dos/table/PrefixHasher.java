package io.ikebana.dos.table;

/**
 * Maps (address, prefix length) to a 64-bit key with a secret seed, so that nobody outside can
 * choose addresses that collide with a victim's prefix in our tables. Pure function of its seeds.
 */
public final class PrefixHasher {
    private final long seed0;
    private final long seed1;

    public PrefixHasher(long seed0, long seed1) {
        this.seed0 = seed0;
        this.seed1 = seed1;
    }

    /**
     * Key of the first {@code length} bits of {@code address} (4 or 16 octets, network order).
     * Different lengths and families give different keys.
     */
    public long key(byte[] address, int length) {
        long hi;
        long lo = 0;
        int tag;
        if (address.length == 4) {
            long v4 = ((address[0] & 0xFFL) << 24) | ((address[1] & 0xFFL) << 16) | ((address[2] & 0xFFL) << 8)
                    | (address[3] & 0xFFL);
            hi = v4 & (length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL);
            tag = 4;
        } else if (address.length == 16) {
            hi = readLong(address, 0);
            lo = readLong(address, 8);
            if (length <= 64) {
                hi &= length == 0 ? 0 : -1L << (64 - length);
                lo = 0;
            } else {
                lo &= -1L << (128 - length);
            }
            tag = 6;
        } else {
            throw new IllegalArgumentException("address must have 4 or 16 octets");
        }
        long h = mix(seed0 ^ ((long) tag << 8 | length));
        h = mix(h ^ hi);
        return mix(h ^ lo ^ seed1);
    }

    /** SplitMix64 finalizer: a bijective 64-bit mixer. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFFL);
        }
        return v;
    }
}
