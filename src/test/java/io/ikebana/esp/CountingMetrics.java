package io.ikebana.esp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** {@link EspMetrics} that counts, for assertions. */
final class CountingMetrics implements EspMetrics {

    final LongAdder packetsIn = new LongAdder();
    final LongAdder packetsOut = new LongAdder();
    private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();

    @Override
    public void packetIn(int bytes) {
        packetsIn.increment();
    }

    @Override
    public void packetOut(int bytes) {
        packetsOut.increment();
    }

    @Override
    public void dropped(Direction direction, DropReason reason) {
        drops.computeIfAbsent(direction + " " + reason, k -> new LongAdder()).increment();
    }

    long drops(Direction direction, DropReason reason) {
        LongAdder a = drops.get(direction + " " + reason);
        return a == null ? 0 : a.sum();
    }
}
