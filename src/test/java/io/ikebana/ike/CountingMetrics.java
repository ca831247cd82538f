package io.ikebana.ike;

import io.ikebana.metrics.IkeMetrics;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.ExchangeType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counting {@link IkeMetrics}. The engine's catch-all counts an exception nobody expected as
 * DropReason.INTERNAL_ERROR; those are also counted in {@link #unexpected()}.
 */
final class CountingMetrics implements IkeMetrics {
    private final Map<Object, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder unexpected = new LongAdder();

    private void inc(Object key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private long get(Object key) {
        LongAdder a = counts.get(key);
        return a == null ? 0 : a.sum();
    }

    @Override
    public void exchange(ExchangeType type, Role role, Outcome outcome) {
        inc(type + "/" + role + "/" + outcome);
    }

    @Override
    public void authFailure(AuthFailure reason) {
        inc(reason);
    }

    @Override
    public void handshakeNanos(long nanos) {
    }

    @Override
    public void drop(DropReason reason) {
        inc(reason);
        if (reason == DropReason.INTERNAL_ERROR) {
            unexpected.increment();
        }
    }

    @Override
    public void saEvent(SaEvent event) {
        inc(event);
    }

    long drops(DropReason r) {
        return get(r);
    }

    long exchanges(ExchangeType type, Role role, Outcome outcome) {
        return get(type + "/" + role + "/" + outcome);
    }

    long events(SaEvent e) {
        return get(e);
    }

    long authFailures(AuthFailure f) {
        return get(f);
    }

    /** Drops counted by the engine's catch-all: each one is an unexpected exception. */
    long unexpected() {
        return unexpected.sum();
    }

    /** All drops by reason, for failure messages. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k.toString(), v.sum()));
        return out;
    }
}
