package io.ikebana.esp;

import io.ikebana.esp.ChildSaListener.Reason;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One installed Child SA pair: both directions, endpoints, lifetimes (RFC 4301 §4.4.2.1) and the
 * once-only lifetime events. Fields read by several threads are final, volatile or atomic; the
 * per-direction hot state lives in {@link InboundSa} / {@link OutboundSa} under their guards.
 */
final class ChildSa {

    private static final System.Logger LOG = System.getLogger(ChildSa.class.getName());

    final long owner;
    final long installOrder;
    final InboundSa inbound;
    final OutboundSa outbound;
    private final long installedAtNanos;
    private final Limits limits;
    private final ChildSaListener listener;
    private volatile Endpoints endpoints;
    private volatile boolean dead;
    /**
     * Inbound SPI of the pair this one replaces as the responder of a rekey while outbound traffic
     * still stays on that one (RFC 7296 §2.8), else 0; guarded by the data plane's control lock,
     * read without it on the inbound path.
     */
    private volatile int outboundWaitsFor;
    private final AtomicBoolean rekeyRaised = new AtomicBoolean();
    private final AtomicBoolean expiredRaised = new AtomicBoolean();

    ChildSa(long owner, long installOrder, InboundSa inbound, OutboundSa outbound, Endpoints endpoints,
            Lifetimes lifetimes, long installedAtNanos, ChildSaListener listener) {
        this.owner = owner;
        this.installOrder = installOrder;
        this.inbound = inbound;
        this.outbound = outbound;
        this.endpoints = endpoints;
        this.limits = new Limits(lifetimes);
        this.installedAtNanos = installedAtNanos;
        this.listener = listener;
    }

    /** Expired (hard limit) or removed: processes nothing any more. */
    boolean isDead() {
        return dead;
    }

    Endpoints endpoints() {
        return endpoints;
    }

    void updateEndpoints(Endpoints e) {
        endpoints = e;
    }

    void markRemoved() {
        dead = true;
    }

    int outboundWaitsFor() {
        return outboundWaitsFor;
    }

    void outboundWaitsFor(int replacedInboundSpi) {
        outboundWaitsFor = replacedInboundSpi;
    }

    /**
     * After counting a packet in a direction, by the thread that counted it: raise soft/hard volume
     * events. A hard limit marks the SA dead at once, so the next packet is refused.
     */
    void checkVolume(TrafficCounters c) {
        long packets = c.packets();
        long bytes = c.bytes();
        if (packets >= limits.hardPackets) {
            expire(Reason.PACKETS);
        } else if (bytes >= limits.hardBytes) {
            expire(Reason.BYTES);
        } else if (packets >= limits.softPackets) {
            requestRekey(Reason.PACKETS);
        } else if (bytes >= limits.softBytes) {
            requestRekey(Reason.BYTES);
        }
    }

    /** Time lifetimes, evaluated by {@link EspDataPlane#tick()}. */
    void checkTime(long nowNanos) {
        long age = nowNanos - installedAtNanos;
        if (age >= limits.hardNanos) {
            expire(Reason.TIME);
        } else if (age >= limits.softNanos) {
            requestRekey(Reason.TIME);
        }
    }

    /**
     * When {@link #checkTime} has something to do next (a {@code System.nanoTime()} value), or
     * {@code Long.MAX_VALUE} if never: the soft lifetime until "rekey needed" was raised, then the hard one.
     */
    long nextTimeCheck() {
        if (dead) {
            return Long.MAX_VALUE;
        }
        if (!rekeyRaised.get() && limits.softNanos != Long.MAX_VALUE) {
            return installedAtNanos + limits.softNanos;
        }
        return limits.hardNanos == Long.MAX_VALUE ? Long.MAX_VALUE : installedAtNanos + limits.hardNanos;
    }

    void requestRekey(Reason reason) {
        if (!dead && rekeyRaised.compareAndSet(false, true)) {
            try {
                listener.rekeyNeeded(owner, inbound.spi, reason);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rekey listener failed", e);
            }
        }
    }

    void expire(Reason reason) {
        dead = true;
        if (expiredRaised.compareAndSet(false, true)) {
            try {
                listener.expired(owner, inbound.spi, reason);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "expiry listener failed", e);
            }
        }
    }

    void reportMapping(InetSocketAddress observed) {
        try {
            listener.remoteMappingChanged(owner, inbound.spi, observed);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "mapping listener failed", e);
        }
    }

    SaStats stats() {
        Map<DropReason, Long> drops = TrafficCounters.newDropMap();
        inbound.counters.addDropsTo(drops);
        outbound.counters.addDropsTo(drops);
        return new SaStats(owner, inbound.spi, outbound.spi, inbound.counters.packets(), inbound.counters.bytes(),
                outbound.counters.packets(), outbound.counters.bytes(), drops, inbound.window.topOpaque(),
                outbound.sequence.last(), rekeyRaised.get(), dead && expiredRaised.get());
    }

    /** Lifetimes with "unlimited" as Long.MAX_VALUE, so the packet path only compares. */
    private static final class Limits {
        final long softNanos;
        final long hardNanos;
        final long softBytes;
        final long hardBytes;
        final long softPackets;
        final long hardPackets;

        Limits(Lifetimes l) {
            softNanos = seconds(l.softSeconds());
            hardNanos = seconds(l.hardSeconds());
            softBytes = orMax(l.softBytes());
            hardBytes = orMax(l.hardBytes());
            softPackets = orMax(l.softPackets());
            hardPackets = orMax(l.hardPackets());
        }

        private static long seconds(long s) {
            return s == 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(s);
        }

        private static long orMax(long v) {
            return v == 0 ? Long.MAX_VALUE : v;
        }
    }
}
