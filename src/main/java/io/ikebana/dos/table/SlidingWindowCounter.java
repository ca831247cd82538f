package io.ikebana.dos.table;

/** One event count over a sliding window (two buckets, linear interpolation). Thread-safe. */
public final class SlidingWindowCounter {
    private final long windowMillis;
    private long current;
    private long previous;
    private long windowStart;

    public SlidingWindowCounter(long windowMillis, long nowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("windowMillis must be > 0");
        }
        this.windowMillis = windowMillis;
        this.windowStart = nowMillis;
    }

    public synchronized void add(long n, long nowMillis) {
        rotate(nowMillis);
        current += n;
    }

    public synchronized double estimate(long nowMillis) {
        rotate(nowMillis);
        double weight = 1.0 - (double) (nowMillis - windowStart) / windowMillis;
        return current + previous * Math.max(0, weight);
    }

    private void rotate(long nowMillis) {
        long elapsed = nowMillis - windowStart;
        if (elapsed < windowMillis) {
            return;
        }
        if (elapsed >= 2 * windowMillis) {
            previous = 0;
            current = 0;
            windowStart = nowMillis;
            return;
        }
        previous = current;
        current = 0;
        windowStart += windowMillis;
    }
}
