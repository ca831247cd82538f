package io.ikebana.ike;

import io.ikebana.metrics.IkeMetrics;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.ExchangeType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counting {@link IkeMetrics}. DropReason.MALFORMED is counted both for input the decoders
 * refuse and by the catch-all in {@code IkeEngine.process()} for an exception nobody expected;
 * the second kind is told apart by its caller and counted in {@link #unexpected()}.
 */
final class CountingMetrics implements IkeMetrics {
    private static final StackWalker WALKER = StackWalker.getInstance();
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
        if (reason == DropReason.MALFORMED && calledFromCatchAll()) {
            unexpected.increment();
        }
    }

    private static boolean calledFromCatchAll() {
        return WALKER.walk(s -> s.skip(2).findFirst()
                .map(f -> f.getClassName().equals(IkeEngine.class.getName()) && f.getMethodName().equals("process"))
                .orElse(false));
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

    /** MALFORMED drops counted by the engine's catch-all: each one is an unexpected exception. */
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
