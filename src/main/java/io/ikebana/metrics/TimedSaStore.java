package io.ikebana.metrics;

import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import io.ikebana.store.SaStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An {@link SaStore} decorator that times every call ({@code ikebana_store_operation_duration_seconds
 * {operation}}) and counts check-out results ({@code ikebana_store_checkouts_total{result}}: a
 * rising {@code busy} share means contention on leases). Behaviour is the delegate's, unchanged.
 */
public final class TimedSaStore implements SaStore {

    /** The store's operations; a metric label. */
    public enum Operation { CREATE, CHECKOUT, CHECKIN, RELEASE, DESTROY, PEEK, FIND, LIST, SIZE }

    /** Check-out results; a metric label. */
    public enum CheckoutResult { OK, BUSY, NOT_FOUND }

    /** From a local map (microseconds) to a Hazelcast round trip under load (tens of ms). */
    static final Duration[] BUCKETS = {
        Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofSeconds(1)};

    private final SaStore delegate;
    private final Map<Operation, Timer> timers = new EnumMap<>(Operation.class);
    private final Map<CheckoutResult, Counter> checkouts = new EnumMap<>(CheckoutResult.class);

    public TimedSaStore(SaStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        for (Operation o : Operation.values()) {
            timers.put(o, Timer.builder("ikebana_store_operation_duration")
                    .description("SA store call latency by operation")
                    .tag("operation", o.name().toLowerCase(Locale.ROOT))
                    .serviceLevelObjectives(BUCKETS).register(registry));
        }
        for (CheckoutResult r : CheckoutResult.values()) {
            checkouts.put(r, Counter.builder("ikebana_store_checkouts")
                    .description("SA check-outs by result").tag("result", r.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    public SaStore delegate() {
        return delegate;
    }

    private void took(Operation o, long start) {
        timers.get(o).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean create(IkeSa sa) {
        long t = System.nanoTime();
        try {
            return delegate.create(sa);
        } finally {
            took(Operation.CREATE, t);
        }
    }

    @Override
    public Checkout checkout(long localSpi) {
        long t = System.nanoTime();
        Checkout c = null;
        try {
            c = delegate.checkout(localSpi);
            return c;
        } finally {
            took(Operation.CHECKOUT, t);
            if (c != null) {
                checkouts.get(c instanceof Checkout.Ok ? CheckoutResult.OK
                        : c instanceof Checkout.Busy ? CheckoutResult.BUSY : CheckoutResult.NOT_FOUND).increment();
            }
        }
    }

    @Override
    public Checkout checkoutForTakeover(long localSpi, String deadMember) {
        long t = System.nanoTime();
        Checkout c = null;
        try {
            c = delegate.checkoutForTakeover(localSpi, deadMember);
            return c;
        } finally {
            took(Operation.CHECKOUT, t);
            if (c != null) {
                checkouts.get(c instanceof Checkout.Ok ? CheckoutResult.OK
                        : c instanceof Checkout.Busy ? CheckoutResult.BUSY : CheckoutResult.NOT_FOUND).increment();
            }
        }
    }

    @Override
    public void checkin(IkeSa sa) {
        long t = System.nanoTime();
        try {
            delegate.checkin(sa);
        } finally {
            took(Operation.CHECKIN, t);
        }
    }

    @Override
    public void release(IkeSa sa) {
        long t = System.nanoTime();
        try {
            delegate.release(sa);
        } finally {
            took(Operation.RELEASE, t);
        }
    }

    @Override
    public void checkinAndDestroy(IkeSa sa) {
        long t = System.nanoTime();
        try {
            delegate.checkinAndDestroy(sa);
        } finally {
            took(Operation.DESTROY, t);
        }
    }

    @Override
    public IkeSa peek(long localSpi) {
        long t = System.nanoTime();
        try {
            return delegate.peek(localSpi);
        } finally {
            took(Operation.PEEK, t);
        }
    }

    @Override
    public List<Long> findByRemoteIdentity(Identity id) {
        long t = System.nanoTime();
        try {
            return delegate.findByRemoteIdentity(id);
        } finally {
            took(Operation.FIND, t);
        }
    }

    @Override
    public List<Long> findByRemoteIdentities(java.util.Collection<Identity> ids) {
        long t = System.nanoTime();
        try {
            return delegate.findByRemoteIdentities(ids);
        } finally {
            took(Operation.FIND, t);
        }
    }

    @Override
    public List<IkeSa> list(Predicate<IkeSa> filter, int offset, int limit) {
        long t = System.nanoTime();
        try {
            return delegate.list(filter, offset, limit);
        } finally {
            took(Operation.LIST, t);
        }
    }

    @Override
    public int size() {
        long t = System.nanoTime();
        try {
            return delegate.size();
        } finally {
            took(Operation.SIZE, t);
        }
    }
}
