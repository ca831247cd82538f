package io.ikebana.esp;

import java.util.Map;

/**
 * A snapshot of one Child SA's counters. Bytes count inner packets. {@code drops} holds every
 * reason with a non-zero count, in both directions.
 */
public record SaStats(long owner, int inboundSpi, int outboundSpi, long packetsIn, long bytesIn,
        long packetsOut, long bytesOut, Map<DropReason, Long> drops, long highestInboundSequence,
        long outboundSequence, boolean rekeyRequested, boolean expired) {

    public SaStats {
        drops = Map.copyOf(drops);
    }

    public long drops(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    /** Packets dropped by the anti-replay check (duplicates and left of the window). */
    public long replayDrops() {
        return drops(DropReason.REPLAYED) + drops(DropReason.OUTSIDE_WINDOW);
    }

    public long icvFailures() {
        return drops(DropReason.ICV_FAILURE);
    }
}
