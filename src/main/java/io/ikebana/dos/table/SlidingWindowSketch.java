package io.ikebana.dos.table;

/**
 * Event counts per key over a sliding window, in fixed memory: two count-min sketches (current and
 * previous window) and the usual linear interpolation {@code current + previous * (1 - elapsed /
 * window)}. Thread-safe; rotation happens on access, so no timer thread is needed.
 */
public final class SlidingWindowSketch {
    private final long windowMillis;
    private final CountMinSketch[] sketches;
    private int currentIndex;
    private long windowStart;

    public SlidingWindowSketch(int depth, int width, long[] rowSeeds, long windowMillis, long nowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("windowMillis must be > 0");
        }
        this.windowMillis = windowMillis;
        this.sketches = new CountMinSketch[] {
            new CountMinSketch(depth, width, rowSeeds), new CountMinSketch(depth, width, rowSeeds)};
        this.windowStart = nowMillis;
    }

    /** Records {@code n} events of the key at {@code nowMillis}. */
    public void add(long key, int n, long nowMillis) {
        CountMinSketch current;
        synchronized (this) {
            rotate(nowMillis);
            current = sketches[currentIndex];
        }
        current.add(key, n);
    }

    /** Estimated number of events of the key in the window that ends at {@code nowMillis}. */
    public double estimate(long key, long nowMillis) {
        CountMinSketch current;
        CountMinSketch previous;
        double weight;
        synchronized (this) {
            rotate(nowMillis);
            current = sketches[currentIndex];
            previous = sketches[1 - currentIndex];
            weight = 1.0 - (double) (nowMillis - windowStart) / windowMillis;
        }
        return current.estimate(key) + previous.estimate(key) * Math.max(0, weight);
    }

    /** Estimated events per second of the key. */
    public double ratePerSecond(long key, long nowMillis) {
        return estimate(key, nowMillis) * 1000.0 / windowMillis;
    }

    public int cells() {
        return sketches[0].cells() + sketches[1].cells();
    }

    private void rotate(long nowMillis) {
        long elapsed = nowMillis - windowStart;
        if (elapsed < windowMillis) {
            return;
        }
        if (elapsed >= 2 * windowMillis) {
            sketches[0].clear();
            sketches[1].clear();
            windowStart = nowMillis;
            return;
        }
        currentIndex = 1 - currentIndex;
        sketches[currentIndex].clear();
        windowStart += windowMillis;
    }
}
