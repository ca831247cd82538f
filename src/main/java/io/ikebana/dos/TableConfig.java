package io.ikebana.dos;

import java.time.Duration;

/**
 * Sizes of the fixed-capacity tables. Memory does not depend on how many sources send: every
 * per-prefix count lives in count-min sketches of {@code depth x width} cells.
 *
 * @param sketchWidth         cells per sketch row, a power of two
 * @param sketchDepth         rows per sketch (independent hashes); the estimate is the row minimum
 * @param window              sliding window of request rates and cookie round-trip counts
 * @param spentCookieCapacity slots of the spent-cookie table, a power of two (RFC 8019 §10)
 * @param authFailureWeight   an IKE_AUTH integrity failure counts as this many IKE_SA_INIT requests
 *                            in its prefix's pressure (RFC 8019 §4.2)
 */
public record TableConfig(int sketchWidth, int sketchDepth, Duration window, int spentCookieCapacity,
        int authFailureWeight) {

    public TableConfig {
        if (sketchWidth < 16 || Integer.bitCount(sketchWidth) != 1) {
            throw new IllegalArgumentException("dos.tables.sketchWidth: must be a power of two >= 16");
        }
        if (sketchDepth < 1 || sketchDepth > 8) {
            throw new IllegalArgumentException("dos.tables.sketchDepth: must be in 1..8");
        }
        if (window == null || window.toMillis() < 1000) {
            throw new IllegalArgumentException("dos.tables.window: must be >= 1s");
        }
        if (spentCookieCapacity < 16 || Integer.bitCount(spentCookieCapacity) != 1) {
            throw new IllegalArgumentException("dos.tables.spentCookieCapacity: must be a power of two >= 16");
        }
        if (authFailureWeight < 0) {
            throw new IllegalArgumentException("dos.tables.authFailureWeight: must be >= 0");
        }
    }

    public static TableConfig defaults() {
        return new TableConfig(16_384, 4, Duration.ofSeconds(10), 65_536, 5);
    }

    public TableConfig withSketchWidth(int width) {
        return new TableConfig(width, sketchDepth, window, spentCookieCapacity, authFailureWeight);
    }
}
