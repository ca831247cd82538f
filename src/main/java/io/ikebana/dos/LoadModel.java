package io.ikebana.dos;

import java.time.Duration;

/**
 * Turns the global half-open count into a level (with hold time against jitter), a load fraction
 * and a half-open retention. Thread-safe.
 */
final class LoadModel {
    private final HalfOpenConfig config;
    private final DosMetrics metrics;
    private DosLevel held = DosLevel.NORMAL;
    private long heldUntil;

    LoadModel(HalfOpenConfig config, DosMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Global level. A raised level stays for {@code levelHold} after the count last justified it
     * (strongSwan keeps cookies on for at least 10 s to avoid on/off jitter).
     */
    synchronized DosLevel level(int halfOpen, long nowMillis) {
        DosLevel raw = halfOpen >= config.puzzleThreshold() ? DosLevel.PUZZLES
                : halfOpen >= config.cookieThreshold() ? DosLevel.COOKIES : DosLevel.NORMAL;
        DosLevel before = held;
        if (raw.compareTo(held) >= 0) {
            held = raw;
            if (raw != DosLevel.NORMAL) {
                heldUntil = nowMillis + config.levelHold().toMillis();
            }
        } else if (nowMillis >= heldUntil) {
            held = raw;
        }
        if (held != before) {
            metrics.level(held);
        }
        return held;
    }

    /** 0 at the puzzle threshold, 1 at capacity. */
    double load(int halfOpen) {
        double span = config.capacity() - config.puzzleThreshold();
        return Math.max(0, Math.min(1, (halfOpen - config.puzzleThreshold()) / span));
    }

    /**
     * Half-open retention (RFC 8019 §4.1): the maximum up to the cookie threshold, then falling
     * geometrically to the minimum at capacity (30 s, ~14 s at 200, 2 s at 20,000 by default).
     */
    Duration halfOpenTimeout(int halfOpen) {
        long max = config.maxTimeout().toMillis();
        long min = config.minTimeout().toMillis();
        if (halfOpen <= config.cookieThreshold()) {
            return config.maxTimeout();
        }
        if (halfOpen >= config.capacity()) {
            return config.minTimeout();
        }
        double f = Math.log((double) halfOpen / config.cookieThreshold())
                / Math.log((double) config.capacity() / config.cookieThreshold());
        return Duration.ofMillis(Math.round(max * Math.pow((double) min / max, f)));
    }
}
