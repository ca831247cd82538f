package io.ikebana.dos;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Half-open SA counts, globally (exact) and per prefix (sketch). The engine reports creation and
 * removal; the guard never holds the SAs themselves. Thread-safe.
 */
final class HalfOpenTracker {
    private final AtomicInteger global = new AtomicInteger();
    private final PrefixTables tables;
    private final DosMetrics metrics;

    HalfOpenTracker(PrefixTables tables, DosMetrics metrics) {
        this.tables = tables;
        this.metrics = metrics;
    }

    void created(SourcePrefixes sp) {
        tables.addHalfOpen(sp, 1);
        metrics.halfOpen(global.incrementAndGet());
    }

    void removed(SourcePrefixes sp) {
        tables.addHalfOpen(sp, -1);
        metrics.halfOpen(global.updateAndGet(v -> Math.max(0, v - 1)));
    }

    int count() {
        return global.get();
    }
}
