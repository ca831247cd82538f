package io.ikebana.esp;

/**
 * Outbound sequence numbers of one SA (RFC 4303 §3.3.3): 0 at establishment, incremented before
 * each packet so the first carries 1, and never allowed to cycle: the last usable value is
 * 2^32 - 1, or 2^64 - 1 with ESN. Not thread-safe: used only under the outbound SA's guard; the
 * last value is published with opaque writes for statistics.
 */
final class SequenceCounter {

    private static final java.lang.invoke.VarHandle LAST;

    static {
        try {
            LAST = java.lang.invoke.MethodHandles.lookup().findVarHandle(SequenceCounter.class, "last", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long max;
    private final long softAt;
    private long last;

    SequenceCounter(boolean esn, long softMargin) {
        this(esn, softMargin, 0);
    }

    /** Starts after {@code lastUsed}, e.g. near the limit in tests. */
    SequenceCounter(boolean esn, long softMargin, long lastUsed) {
        this.max = esn ? -1L : 0xFFFF_FFFFL;
        this.softAt = max - softMargin;
        this.last = lastUsed;
    }

    /** The next sequence number, or 0 if the counter is exhausted (the SA must not send). */
    long next() {
        if (last == max) {
            return 0;
        }
        long seq = last + 1;
        LAST.setOpaque(this, seq);
        return seq;
    }

    /** True once {@code seq} is within the soft margin of the maximum: time to rekey. */
    boolean isSoftLimit(long seq) {
        return Long.compareUnsigned(seq, softAt) >= 0;
    }

    long last() {
        return (long) LAST.getOpaque(this);
    }
}
