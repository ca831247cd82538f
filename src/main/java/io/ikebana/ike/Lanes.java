package io.ikebana.ike;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Worker lanes for IKE processing. All work for one IKE SA goes to the same lane (by key), so a
 * node never processes two messages of one SA at once and needs no locks for it. Each lane
 * serves its queue by priority: work on authenticated SAs and IKE_AUTH before new IKE_SA_INIT
 * (DESIGN.md, RFC 8019 §7.2); the lowest class is bounded and dropped first under load.
 * Crypto (D-H, signatures, certificate checks) runs here, never on an event loop. Priority
 * {@link Priority#LOW} and above (numerically) is bounded per lane.
 */
public final class Lanes implements AutoCloseable {

    /** Priorities, lower first: authenticated work, timers, then new IKE_SA_INIT work. */
    public static final class Priority {
        public static final int HIGH = 0;
        public static final int NORMAL = 1;
        /** Admission of IKE_SA_INIT (parse + DoS decision); this and lower priorities are bounded. */
        public static final int LOW = 2;
        /**
         * Admission of IKE_SA_INIT requests without a cookie: served after all other work (an
         * IKE_SA_INIT flood is mostly this), in its own smaller bound, so that under a flood the
         * requests that returned a cookie and the accepted D-H work are not queued behind it.
         */
        public static final int BULK = Integer.MAX_VALUE;

        private Priority() {
        }
    }

    private record Job(int priority, long seq, Runnable task) implements Comparable<Job> {
        @Override
        public int compareTo(Job o) {
            int c = Integer.compare(priority, o.priority);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Lane[] lanes;
    private final AtomicLong seq = new AtomicLong();
    private final int maxLowPerLane;
    /** Bound of queued {@link Priority#BULK} work per lane: a tenth of the LOW bound. */
    private final int maxBulkPerLane;
    private final IntConsumer onDrop;
    private volatile boolean closed;

    private final class Lane extends Thread {
        final PriorityBlockingQueue<Job> queue = new PriorityBlockingQueue<>();
        final AtomicInteger low = new AtomicInteger();
        final AtomicInteger bulk = new AtomicInteger();

        Lane(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!closed) {
                Job j;
                try {
                    j = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (j.priority == Priority.BULK) {
                    bulk.decrementAndGet();
                } else if (j.priority >= Priority.LOW) {
                    low.decrementAndGet();
                }
                try {
                    j.task.run();
                } catch (RuntimeException | Error e) {
                    // a bug in one message's processing must never stop the lane
                    java.util.logging.Logger.getLogger(Lanes.class.getName())
                            .log(java.util.logging.Level.SEVERE, "task failed on " + getName(), e);
                }
            }
        }
    }

    /**
     * @param count number of lanes (threads)
     * @param maxLowPerLane bound of queued LOW work per lane; beyond it LOW work is refused
     * @param onDrop called with the lane index when LOW work is refused
     */
    public Lanes(String name, int count, int maxLowPerLane, IntConsumer onDrop) {
        this.lanes = new Lane[count];
        this.maxLowPerLane = maxLowPerLane;
        this.maxBulkPerLane = Math.max(64, maxLowPerLane / 10);
        this.onDrop = onDrop;
        for (int i = 0; i < count; i++) {
            lanes[i] = new Lane(name + "-lane-" + i);
            lanes[i].start();
        }
    }

    private Lane lane(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return lanes[(int) ((h >>> 33) % lanes.length)];
    }

    /** Queues work for {@code key}; returns false if it was refused (LOW work over the bound). */
    public boolean submit(long key, int p, Runnable task) {
        if (closed) {
            return false;
        }
        Lane l = lane(key);
        if (p == Priority.BULK) {
            if (l.bulk.incrementAndGet() > maxBulkPerLane) {
                l.bulk.decrementAndGet();
                onDrop.accept(0);
                return false;
            }
        } else if (p >= Priority.LOW && l.low.incrementAndGet() > maxLowPerLane) {
            l.low.decrementAndGet();
            onDrop.accept(0);
            return false;
        }
        l.queue.add(new Job(p, seq.incrementAndGet(), task));
        return true;
    }

    public int queued() {
        int n = 0;
        for (Lane l : lanes) {
            n += l.queue.size();
        }
        return n;
    }

    @Override
    public void close() {
        closed = true;
        for (Lane l : lanes) {
            l.interrupt();
        }
    }
}
