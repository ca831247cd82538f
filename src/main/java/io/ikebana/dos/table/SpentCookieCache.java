package io.ikebana.dos.table;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Tags of cookies that already created a half-open SA, so that a solved puzzle cannot be replayed
 * once that SA is gone (RFC 8019 §10: an attacker must gain no or insignificant benefit from
 * reusing puzzle solutions). Direct-mapped, fixed capacity, newest wins a slot: memory is bounded,
 * and an overwritten tag at worst lets one replay through while its cookie is still fresh. Tags
 * need no expiry: the cookie's own timestamp already bounds its validity, and every cookie is
 * unique. Tag 0 means empty.
 */
public final class SpentCookieCache {
    private final AtomicLongArray slots;
    private final int mask;

    public SpentCookieCache(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        this.slots = new AtomicLongArray(capacity);
        this.mask = capacity - 1;
    }

    /** Records the tag; returns false if it was already recorded. */
    public boolean markSpent(long tag) {
        long t = nonZero(tag);
        return slots.getAndSet(slot(t), t) != t;
    }

    public boolean isSpent(long tag) {
        long t = nonZero(tag);
        return slots.get(slot(t)) == t;
    }

    public int capacity() {
        return slots.length();
    }

    private int slot(long t) {
        return (int) (PrefixHasher.mix(t) & mask);
    }

    private static long nonZero(long tag) {
        return tag == 0 ? 1 : tag;
    }
}
