package io.ikebana.esp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one SA direction. Packets and bytes have a single writer (the thread holding the
 * direction's guard) and are published with opaque writes; drops may come from any thread
 * (e.g. {@link DropReason#CONCURRENT_USE}) and are atomic.
 */
final class TrafficCounters {

    private static final VarHandle PACKETS;
    private static final VarHandle BYTES;
    private static final DropReason[] REASONS = DropReason.values();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PACKETS = l.findVarHandle(TrafficCounters.class, "packets", long.class);
            BYTES = l.findVarHandle(TrafficCounters.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long packets;
    private long bytes;
    private final AtomicLongArray drops = new AtomicLongArray(REASONS.length);

    /** Single writer only. */
    void add(int packetBytes) {
        PACKETS.setOpaque(this, packets + 1);
        BYTES.setOpaque(this, bytes + packetBytes);
    }

    void drop(DropReason reason) {
        drops.incrementAndGet(reason.ordinal());
    }

    long packets() {
        return (long) PACKETS.getOpaque(this);
    }

    long bytes() {
        return (long) BYTES.getOpaque(this);
    }

    void addDropsTo(Map<DropReason, Long> out) {
        for (DropReason r : REASONS) {
            long n = drops.get(r.ordinal());
            if (n != 0) {
                out.merge(r, n, Long::sum);
            }
        }
    }

    static Map<DropReason, Long> newDropMap() {
        return new EnumMap<>(DropReason.class);
    }
}
