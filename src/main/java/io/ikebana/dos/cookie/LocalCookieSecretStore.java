package io.ikebana.dos.cookie;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Random secrets kept in this JVM: a new one each rotation period, the previous one still
 * accepted (RFC 7296 §2.6). Members sharing one instance (or a cluster store that replicates the
 * same secrets) validate each other's cookies.
 */
public final class LocalCookieSecretStore extends EpochCookieSecretStore {
    private final SecureRandom random;

    public LocalCookieSecretStore(Clock clock, SecureRandom random, Duration rotation) {
        super(clock, rotation);
        this.random = random;
    }

    @Override
    byte[] keyFor(long epoch) {
        byte[] k = new byte[CookieSecret.LENGTH];
        random.nextBytes(k);
        return k;
    }
}
