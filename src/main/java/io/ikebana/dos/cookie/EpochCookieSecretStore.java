package io.ikebana.dos.cookie;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Secrets by rotation period ("epoch" = floor(now / rotation)); the version octet is the epoch
 * modulo 256. Rotation happens lazily on access, so no timer is needed; only the current and the
 * immediately previous epoch are known, so a secret is accepted for at most two periods.
 */
abstract class EpochCookieSecretStore implements CookieSecretStore {
    private final Clock clock;
    private final long rotationMillis;
    private final AtomicReference<Generation> generation = new AtomicReference<>();

    private record Generation(CookieSecret current, CookieSecret previous) {
    }

    EpochCookieSecretStore(Clock clock, Duration rotation) {
        if (rotation.toMillis() < 1000) {
            throw new IllegalArgumentException("cookie secret rotation must be >= 1s");
        }
        this.clock = clock;
        this.rotationMillis = rotation.toMillis();
    }

    /** Key material of one epoch, 32 octets. */
    abstract byte[] keyFor(long epoch);

    /** Epochs other than current and previous that may still be accepted (clock skew between members). */
    boolean acceptsNextEpoch() {
        return false;
    }

    @Override
    public CookieSecret current() {
        return refresh().current;
    }

    @Override
    public Optional<CookieSecret> byVersion(int version) {
        Generation g = refresh();
        if (g.current.version() == version) {
            return Optional.of(g.current);
        }
        if (g.previous != null && g.previous.version() == version) {
            return Optional.of(g.previous);
        }
        if (acceptsNextEpoch() && ((g.current.epoch() + 1) & 0xFF) == version) {
            return Optional.of(secret(g.current.epoch() + 1));
        }
        return Optional.empty();
    }

    private Generation refresh() {
        long epoch = Math.floorDiv(clock.millis(), rotationMillis);
        while (true) {
            Generation g = generation.get();
            if (g != null && g.current.epoch() == epoch) {
                return g;
            }
            if (g != null && g.current.epoch() > epoch) {
                return g; // clock stepped back: keep the newer secret
            }
            CookieSecret previous = g == null ? null
                    : g.current.epoch() == epoch - 1 ? g.current
                    : g.previous != null && g.previous.epoch() == epoch - 1 ? g.previous : null;
            if (previous == null) {
                previous = previousWhenUnknown(epoch);
            }
            Generation next = new Generation(secret(epoch), previous);
            if (generation.compareAndSet(g, next)) {
                if (g != null) {
                    destroyUnless(g.previous, next);
                    destroyUnless(g.current, next);
                }
                return next;
            }
            destroyUnless(next.current, generation.get());
        }
    }

    /** Previous secret when this store never saw the previous epoch; null = none. */
    CookieSecret previousWhenUnknown(long epoch) {
        return null;
    }

    final CookieSecret secret(long epoch) {
        return new CookieSecret((int) (epoch & 0xFF), epoch, Instant.ofEpochMilli(epoch * rotationMillis),
                keyFor(epoch));
    }

    private static void destroyUnless(CookieSecret s, Generation keep) {
        if (s != null && keep != null && s != keep.current && s != keep.previous) {
            s.destroy();
        }
    }
}
