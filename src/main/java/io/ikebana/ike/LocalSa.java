package io.ikebana.ike;

import io.ikebana.wire.codec.FragmentAssembler;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Node-local state of an IKE SA this node is processing: our outstanding request and its
 * retransmission timer, exchanges waiting for the window, fragment buffers and the SA timer.
 * Never shared: a member that takes the SA over starts with a fresh one. Touched only on the
 * SA's lane.
 */
public final class LocalSa {
    final long spi;
    InitiatorExchange pending;
    long pendingMid = -1;
    List<byte[]> pendingPackets = List.of();
    int tries;
    long pendingSentNanos;
    Scheduler.Cancellable retransmitTimer;
    final ArrayDeque<InitiatorExchange> queue = new ArrayDeque<>();
    final FragmentAssembler requestFragments;
    final FragmentAssembler responseFragments;
    /** Digest of fragment 1 of the request being reassembled (retransmission detection). */
    byte[] firstFragmentDigest;
    Scheduler.Cancellable timer;
    long timerDue = Long.MAX_VALUE;

    LocalSa(long spi, EngineConfig.Limits limits) {
        this.spi = spi;
        this.requestFragments = new FragmentAssembler(limits.maxFragments(), limits.maxFragmentBytes());
        this.responseFragments = new FragmentAssembler(limits.maxFragments(), limits.maxFragmentBytes());
    }

    /** Queues an exchange behind the pending one (window size 1). */
    public void enqueue(InitiatorExchange e) {
        queue.add(e);
    }

    public boolean busy() {
        return pending != null;
    }

    public InitiatorExchange pending() {
        return pending;
    }

    /** True when an exchange of this class is pending or queued. */
    public boolean hasExchange(Class<? extends InitiatorExchange> type) {
        if (type.isInstance(pending)) {
            return true;
        }
        for (InitiatorExchange e : queue) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    void cancelTimers() {
        if (retransmitTimer != null) {
            retransmitTimer.cancel();
            retransmitTimer = null;
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerDue = Long.MAX_VALUE;
    }
}
