package io.ikebana.dos;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Cheap random draws for probabilistic admission (RFC 8019 §7.1: "The decision whether to process
 * any particular request must be probabilistic"). One generator per thread, each seeded from the
 * injected SecureRandom, so outsiders cannot predict the draws and tests are deterministic.
 */
public final class Lottery {
    private final ThreadLocal<SplittableRandom> random;

    public Lottery(SecureRandom seedSource) {
        this.random = ThreadLocal.withInitial(() -> new SplittableRandom(seedSource.nextLong()));
    }

    /** True with probability {@code p} (clamped to 0..1). */
    public boolean draw(double p) {
        if (p >= 1) {
            return true;
        }
        if (p <= 0) {
            return false;
        }
        return random.get().nextDouble() < p;
    }
}
