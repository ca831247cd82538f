package io.ikebana.esp;

/**
 * Anti-replay window of one inbound SA (RFC 4303 §3.4.3) with ESN high-half inference
 * (RFC 4303 Appendix A2). Shaped like Bouncy Castle's {@code DTLSReplayWindow}: {@link #check}
 * before the ICV, {@link #accept} only after the ICV verified. The bitmap is a ring of 64-bit words
 * indexed by sequence number (RFC 6479), so advancing clears words instead of shifting bits.
 *
 * <p>Not thread-safe: used only under the inbound SA's single-writer guard.
 */
final class ReplayWindow {

    private static final java.lang.invoke.VarHandle TOP;

    static {
        try {
            TOP = java.lang.invoke.MethodHandles.lookup().findVarHandle(ReplayWindow.class, "top", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final long LOW_HALF = 0xFFFF_FFFFL;

    private final int size;
    private final boolean esn;
    private final long[] words;
    private final int mask;
    /** T: highest authenticated sequence number, 0 before the first packet (RFC 4303 §3.4.3); opaque writes. */
    private long top;

    ReplayWindow(int size, boolean esn) {
        // RFC 4303 Appendix A: the window must stay well below 2^31 for the inference to hold
        if (size < 1 || size > 1 << 16) {
            throw new IllegalArgumentException("window size out of range: " + size);
        }
        this.size = size;
        this.esn = esn;
        // the window spans at most ceil(size / 64) + 1 words; round up to a power of two for masking
        int needed = (size + 63) / 64 + 1;
        this.words = new long[Integer.highestOneBit(needed - 1) << 1];
        this.mask = words.length - 1;
    }

    /**
     * The full sequence number of a packet carrying {@code seqLow}: the low 32 bits zero-extended
     * without ESN, the high half inferred from the window per RFC 4303 Appendix A2 with ESN. Returns 0
     * (never a valid sequence number) if the inferred number would precede the SA or pass 2^64 - 1.
     */
    long infer(int seqLow) {
        long low = seqLow & LOW_HALF;
        if (!esn) {
            return low;
        }
        int tl = (int) top;
        long th = top >>> 32;
        int bottom = tl - size + 1; // Tl - W + 1 mod 2^32
        long seqHigh;
        if (Integer.compareUnsigned(tl, size - 1) >= 0) {
            // Case A: the window lies within one 2^32 subspace
            seqHigh = Integer.compareUnsigned(seqLow, bottom) >= 0 ? th : th + 1;
        } else {
            // Case B: the window spans two subspaces; high numbers belong to the previous one
            seqHigh = Integer.compareUnsigned(seqLow, bottom) >= 0 ? th - 1 : th;
        }
        if (seqHigh < 0 || seqHigh > LOW_HALF) {
            return 0;
        }
        return seqHigh << 32 | low;
    }

    /**
     * RFC 4303 §3.4.3: the cheap replay check before integrity verification. Returns null if the
     * packet is a candidate, else why it must be dropped.
     */
    DropReason check(long seq) {
        if (seq == 0) {
            // RFC 4303 §3.3.3: the first packet carries 1; 0 is never sent
            return DropReason.OUTSIDE_WINDOW;
        }
        if (Long.compareUnsigned(seq, top) > 0) {
            return null;
        }
        if (Long.compareUnsigned(top - seq, size) >= 0) {
            return DropReason.OUTSIDE_WINDOW;
        }
        return (words[index(seq)] & bit(seq)) != 0 ? DropReason.REPLAYED : null;
    }

    /** RFC 4303 §3.4.3: called only after the ICV of packet {@code seq} verified. */
    void accept(long seq) {
        if (Long.compareUnsigned(seq, top) > 0) {
            long steps = (seq >>> 6) - (top >>> 6);
            if (Long.compareUnsigned(steps, words.length) > 0) {
                steps = words.length;
            }
            for (long i = 1; i <= steps; i++) {
                words[(int) (((top >>> 6) + i) & mask)] = 0;
            }
            TOP.setOpaque(this, seq);
        }
        words[index(seq)] |= bit(seq);
    }

    /** The highest authenticated sequence number (T), readable from any thread. */
    long topOpaque() {
        return (long) TOP.getOpaque(this);
    }

    private int index(long seq) {
        return (int) ((seq >>> 6) & mask);
    }

    private static long bit(long seq) {
        return 1L << (seq & 63);
    }
}
