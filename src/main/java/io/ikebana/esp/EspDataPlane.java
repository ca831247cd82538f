package io.ikebana.esp;

import io.ikebana.esp.crypto.BigEndian;
import io.ikebana.esp.crypto.EspCiphers;
import io.ikebana.esp.io.PacketIo;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The user-space ESP data plane (RFC 4303, tunnel mode, UDP-encapsulated per RFC 3948): the IKE
 * engine installs and removes Child SAs; the UDP transport hands in ESP payloads
 * ({@link #onInbound}), which are decrypted to the {@link PacketIo} device; packets read from the
 * device are encrypted and handed to the {@link EspSender}. See the package documentation for the
 * threading model.
 */
public final class EspDataPlane implements AutoCloseable {

    private final EspConfig config;
    private final PacketIo device;
    private final ChildSaListener listener;
    private final EspMetrics metrics;
    private final LongSupplier nanoClock;
    private final SecureRandom random;
    private final ToLongFunction<ChildSaSpec> firstSequence;

    /** Hot lookup by inbound SPI; lock-free reads. */
    private final KeyedTable<ChildSa> bySpi = new KeyedTable<>();
    private final OutboundSaTable outboundTable = new OutboundSaTable();
    private final EspInbound inbound;
    private final EspOutbound outbound;

    /** Control plane state, guarded by {@code control}; never touched by the packet paths. */
    private final Object control = new Object();
    private final Map<Integer, ChildSa> installed = new HashMap<>();
    /**
     * Time lifetimes, by when each pair has something due ({@link ChildSa#nextTimeCheck}): a tick
     * looks at the pairs due, not at every pair. Removed pairs leave when they come up, or when
     * the queue is rebuilt (see {@link #remove}).
     */
    private final PriorityQueue<TimeCheck> timeChecks = new PriorityQueue<>();
    /** Replaced inbound SPI -> the successor whose outbound waits for it (see {@link #install(ChildSaSpec, int)}). */
    private final Map<Integer, ChildSa> successors = new HashMap<>();
    private long installCount;
    private boolean started;
    private boolean closed;

    /**
     * @param device the packet device; the data plane owns it from now on and closes it
     * @param sender sends ESP-in-UDP payloads (the transport)
     * @param listener lifetime events (the IKE engine)
     * @param nanoClock monotonic time in nanoseconds for lifetimes ({@code System::nanoTime})
     * @param random seeds per-SA CBC IV keys at install (never used per packet)
     */
    public EspDataPlane(EspConfig config, PacketIo device, EspSender sender, ChildSaListener listener,
            EspMetrics metrics, LongSupplier nanoClock, SecureRandom random) {
        this(config, device, sender, listener, metrics, nanoClock, random, spec -> 0L);
    }

    /** As above; {@code firstSequence} gives the last-used outbound sequence number at install. */
    EspDataPlane(EspConfig config, PacketIo device, EspSender sender, ChildSaListener listener,
            EspMetrics metrics, LongSupplier nanoClock, SecureRandom random, ToLongFunction<ChildSaSpec> firstSequence) {
        this.config = Objects.requireNonNull(config);
        this.device = Objects.requireNonNull(device);
        this.listener = Objects.requireNonNull(listener);
        this.metrics = Objects.requireNonNull(metrics);
        this.nanoClock = Objects.requireNonNull(nanoClock);
        this.random = Objects.requireNonNull(random);
        this.firstSequence = firstSequence;
        this.inbound = new EspInbound(device, metrics, this::activateOutbound);
        this.outbound = new EspOutbound(outboundTable, Objects.requireNonNull(sender), metrics);
    }

    /** Starts reading inner packets from the device (its reader thread runs the outbound path). */
    public void start() {
        synchronized (control) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            started = true;
        }
        device.start(outbound);
    }

    /**
     * Installs a Child SA pair. The key material is copied into the cipher objects: the caller keeps
     * ownership of the spec's {@link io.ikebana.esp.crypto.SecretKeys} and may destroy them after
     * this returns. Outbound traffic matching the SA's selectors moves to it at once if it is the
     * newest match (a rekey).
     *
     * @throws IllegalArgumentException if the inbound SPI is already installed
     */
    public void install(ChildSaSpec spec) {
        install(spec, 0);
    }

    /**
     * Installs a Child SA pair that rekeys the pair under {@code replacedInboundSpi} (0: none) as
     * the responder of the rekey. RFC 7296 §2.8: the responder accepts on the new pair at once but
     * keeps sending on the old one until the initiator is known to have the new one: a valid
     * packet arrives on the new inbound SA, or the old pair goes (the initiator deleted it). Until
     * then outbound traffic stays on the old pair; if that is already gone, on the new one at once.
     *
     * @throws IllegalArgumentException if the inbound SPI is already installed
     */
    public void install(ChildSaSpec spec, int replacedInboundSpi) {
        synchronized (control) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (installed.containsKey(spec.inboundSpi())) {
                throw new IllegalArgumentException("inbound SPI already installed: " + Integer.toHexString(spec.inboundSpi()));
            }
            SelectorSet local = new SelectorSet(spec.localSelectors());
            SelectorSet remote = new SelectorSet(spec.remoteSelectors());
            InboundSa in = new InboundSa(spec.inboundSpi(),
                    EspCiphers.inbound(spec.transform(), spec.inboundKeys(), spec.esn()),
                    new ReplayWindow(spec.replayWindow(), spec.esn()), remote, local);
            OutboundSa out = new OutboundSa(spec.outboundSpi(),
                    EspCiphers.outbound(spec.transform(), spec.outboundKeys(), spec.esn(), random),
                    new SequenceCounter(spec.esn(), config.sequenceSoftMargin(), firstSequence.applyAsLong(spec)),
                    remote, local);
            ChildSa sa = new ChildSa(spec.owner(), ++installCount, in, out, new Endpoints(spec.local(), spec.remote()),
                    spec.lifetimes(), nanoClock.getAsLong(), listener);
            installed.put(spec.inboundSpi(), sa);
            scheduleTimeCheck(sa);
            ChildSa replaced = replacedInboundSpi != 0 ? installed.get(replacedInboundSpi) : null;
            if (replaced != null && !replaced.isDead() && !successors.containsKey(replacedInboundSpi)) {
                sa.outboundWaitsFor(replacedInboundSpi);
                successors.put(replacedInboundSpi, sa);
            } else {
                outboundTable.add(sa);
            }
            bySpi.put(0, spec.inboundSpi() & 0xFFFF_FFFFL, sa);
        }
    }

    /** Outbound traffic moves to a rekey's successor pair (a valid packet arrived on it); at most once. */
    private void activateOutbound(ChildSa sa) {
        synchronized (control) {
            int replaced = sa.outboundWaitsFor();
            if (replaced != 0 && !sa.isDead()) {
                successors.remove(replaced, sa);
                startSending(sa);
            }
        }
    }

    /** A successor pair no longer waits: outbound traffic may select it. Under {@code control}. */
    private void startSending(ChildSa sa) {
        sa.outboundWaitsFor(0);
        outboundTable.add(sa);
    }

    /** Removes the pair installed under {@code inboundSpi}; returns false if there is none. */
    public boolean remove(int inboundSpi) {
        synchronized (control) {
            ChildSa sa = installed.remove(inboundSpi);
            if (sa == null) {
                return false;
            }
            sa.markRemoved();
            if (timeChecks.size() > 2 * installed.size() + 1024) {
                // removed pairs wait in the queue until they come up: rebuild before they outnumber the live ones
                timeChecks.clear();
                installed.values().forEach(this::scheduleTimeCheck);
            }
            bySpi.remove(0, inboundSpi & 0xFFFF_FFFFL);
            outboundTable.remove(sa);
            if (sa.outboundWaitsFor() != 0) {
                successors.remove(sa.outboundWaitsFor(), sa);
                sa.outboundWaitsFor(0);
            }
            ChildSa successor = successors.remove(inboundSpi);
            if (successor != null) {
                // the rekey's initiator deleted the old pair: it has the new one
                startSending(successor);
            }
            return true;
        }
    }

    /** MOBIKE (RFC 4555) or NAT mapping update: sends this pair's ESP between new endpoints. */
    public boolean updateRemote(int inboundSpi, InetSocketAddress newLocal, InetSocketAddress newRemote) {
        Endpoints e = new Endpoints(Objects.requireNonNull(newLocal), Objects.requireNonNull(newRemote));
        synchronized (control) {
            ChildSa sa = installed.get(inboundSpi);
            if (sa == null) {
                return false;
            }
            sa.updateEndpoints(e);
            return true;
        }
    }

    /**
     * One ESP-in-UDP payload (starting at the SPI; the transport has already separated IKE and
     * keepalives, RFC 3948 §2). Decrypts in place: {@code buf[off, off + len)} is overwritten. Never
     * blocks; safe to call from several threads.
     */
    public void onInbound(InetSocketAddress remote, InetSocketAddress local, byte[] buf, int off, int len) {
        if (len < 8) {
            metrics.dropped(Direction.INBOUND, DropReason.MALFORMED);
            return;
        }
        ChildSa sa = bySpi.get(0, BigEndian.getInt(buf, off) & 0xFFFF_FFFFL);
        if (sa == null) {
            // RFC 4303 §3.4.2: no SA for this SPI: discard and count (an auditable event)
            metrics.dropped(Direction.INBOUND, DropReason.UNKNOWN_SPI);
            return;
        }
        inbound.process(sa, remote, buf, off, len);
    }

    /**
     * Evaluates time lifetimes, firing "rekey needed" / "expired" events. Call periodically (e.g.
     * once a second from a timer); byte and packet lifetimes are enforced per packet.
     */
    public void tick() {
        long now = nanoClock.getAsLong();
        List<ChildSa> due = new ArrayList<>();
        synchronized (control) {
            TimeCheck c;
            while ((c = timeChecks.peek()) != null && c.atNanos - now <= 0) {
                timeChecks.poll();
                if (!c.sa.isDead()) {
                    due.add(c.sa);
                }
            }
        }
        // the listeners run outside the lock (they may call back into the data plane)
        for (ChildSa sa : due) {
            sa.checkTime(now);
        }
        synchronized (control) {
            for (ChildSa sa : due) {
                scheduleTimeCheck(sa);
            }
        }
    }

    /** Under {@code control}. */
    private void scheduleTimeCheck(ChildSa sa) {
        long at = sa.nextTimeCheck();
        if (at != Long.MAX_VALUE) {
            timeChecks.add(new TimeCheck(at, sa));
        }
    }

    /** Ordered by time; nanoTime values compared by difference (they may wrap). */
    private record TimeCheck(long atNanos, ChildSa sa) implements Comparable<TimeCheck> {
        @Override
        public int compareTo(TimeCheck o) {
            return Long.signum(atNanos - o.atNanos);
        }
    }

    public Optional<SaStats> stats(int inboundSpi) {
        synchronized (control) {
            return Optional.ofNullable(installed.get(inboundSpi)).map(ChildSa::stats);
        }
    }

    /** Removes every SA and closes the device. */
    @Override
    public void close() {
        synchronized (control) {
            if (closed) {
                return;
            }
            closed = true;
            for (Integer spi : new ArrayList<>(installed.keySet())) {
                remove(spi);
            }
        }
        device.close();
    }
}
