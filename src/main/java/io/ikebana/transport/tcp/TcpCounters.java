package io.ikebana.transport.tcp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counting {@link TcpMetrics}: what a metrics registry would read, and what tests assert on. */
public final class TcpCounters implements TcpMetrics {
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong ikeIn = new AtomicLong();
    private final AtomicLong espIn = new AtomicLong();
    private final Map<CloseReason, AtomicLong> closed = new EnumMap<>(CloseReason.class);
    private final Map<Drop, AtomicLong> dropped = new EnumMap<>(Drop.class);

    public TcpCounters() {
        for (CloseReason r : CloseReason.values()) {
            closed.put(r, new AtomicLong());
        }
        for (Drop d : Drop.values()) {
            dropped.put(d, new AtomicLong());
        }
    }

    @Override
    public void opened() {
        opened.incrementAndGet();
    }

    @Override
    public void received(boolean ike) {
        (ike ? ikeIn : espIn).incrementAndGet();
    }

    public long ikeReceived() {
        return ikeIn.get();
    }

    public long espReceived() {
        return espIn.get();
    }

    @Override
    public void closed(CloseReason reason) {
        closed.get(reason).incrementAndGet();
    }

    @Override
    public void dropped(Drop reason) {
        dropped.get(reason).incrementAndGet();
    }

    public long openedCount() {
        return opened.get();
    }

    public long closedCount(CloseReason reason) {
        return closed.get(reason).get();
    }

    public long droppedCount(Drop reason) {
        return dropped.get(reason).get();
    }

    /** Streams open now. */
    public long openCount() {
        long c = 0;
        for (AtomicLong a : closed.values()) {
            c += a.get();
        }
        return opened.get() - c;
    }

    @Override
    public String toString() {
        return "TcpCounters[opened " + opened + " ike in " + ikeIn + " esp in " + espIn + " closed " + closed + " dropped " + dropped + "]";
    }
}
