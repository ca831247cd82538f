package io.ikebana.dos.table;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Count-min sketch of non-negative counts (Cormode and Muthukrishnan, 2005), thread-safe. Memory is
 * fixed at construction ({@code depth x width} ints) whatever the number of distinct keys, and no
 * key can be evicted: a spoofed flood from millions of addresses can only raise estimates (never
 * lower one), so it cannot wash out the history of a flooding prefix the way it would flush an LRU.
 *
 * <p>Decrements are allowed when each matches an earlier increment of the same key (strict
 * turnstile model); cells are clamped at zero so that an unmatched decrement cannot push them
 * negative.
 */
public final class CountMinSketch {
    private final int depth;
    private final int mask;
    private final long[] rowSeeds;
    private final AtomicIntegerArray cells;

    public CountMinSketch(int depth, int width, long[] rowSeeds) {
        if (depth < 1 || width < 1 || Integer.bitCount(width) != 1 || rowSeeds.length < depth) {
            throw new IllegalArgumentException("depth >= 1, width a power of two, one seed per row");
        }
        this.depth = depth;
        this.mask = width - 1;
        this.rowSeeds = rowSeeds.clone();
        this.cells = new AtomicIntegerArray(depth * width);
    }

    /** Adds {@code delta} (may be negative) to the key's count; returns the new estimate. */
    public int add(long key, int delta) {
        int min = Integer.MAX_VALUE;
        for (int row = 0; row < depth; row++) {
            int i = index(row, key);
            int v = delta >= 0 ? saturatingAdd(i, delta) : clampedSubtract(i, -delta);
            min = Math.min(min, v);
        }
        return min;
    }

    /** Upper estimate of the key's count: never below the true count. */
    public int estimate(long key) {
        int min = Integer.MAX_VALUE;
        for (int row = 0; row < depth; row++) {
            min = Math.min(min, cells.get(index(row, key)));
        }
        return min;
    }

    public void clear() {
        for (int i = 0; i < cells.length(); i++) {
            cells.set(i, 0);
        }
    }

    /** Number of counter cells: the sketch's whole memory, constant. */
    public int cells() {
        return cells.length();
    }

    private int index(int row, long key) {
        return row * (mask + 1) + (int) (PrefixHasher.mix(key + rowSeeds[row]) & mask);
    }

    private int saturatingAdd(int i, int delta) {
        while (true) {
            int v = cells.get(i);
            int n = v > Integer.MAX_VALUE - delta ? Integer.MAX_VALUE : v + delta;
            if (cells.compareAndSet(i, v, n)) {
                return n;
            }
        }
    }

    private int clampedSubtract(int i, int delta) {
        while (true) {
            int v = cells.get(i);
            int n = Math.max(0, v - delta);
            if (cells.compareAndSet(i, v, n)) {
                return n;
            }
        }
    }
}
