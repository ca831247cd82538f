package io.ikebana.dos.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.dos.MutableClock;
import io.ikebana.dos.TestRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CookieSecretStoreTest {
    private static final Duration ROTATION = Duration.ofSeconds(60);
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final LocalCookieSecretStore store = new LocalCookieSecretStore(clock, TestRandom.seeded("s"), ROTATION);

    @Test
    void rotatesEachPeriodKeepingOnlyThePrevious() {
        CookieSecret s0 = store.current();
        assertSame(s0, store.current(), "stable within a period");
        clock.advance(ROTATION);
        CookieSecret s1 = store.current();
        assertNotSame(s0, s1);
        assertEquals((s0.version() + 1) & 0xFF, s1.version());
        assertSame(s0, store.byVersion(s0.version()).orElseThrow(), "previous accepted");
        clock.advance(ROTATION);
        assertTrue(store.byVersion(s0.version()).isEmpty(), "older rejected");
        assertTrue(store.byVersion(s1.version()).isPresent());
        assertTrue(s0.isDestroyed(), "dropped secrets are wiped");
    }

    @Test
    void idleLongerThanTwoPeriodsForgetsThePrevious() {
        CookieSecret s0 = store.current();
        clock.advance(ROTATION.multipliedBy(5));
        store.current();
        assertTrue(store.byVersion(s0.version()).isEmpty());
        assertTrue(store.byVersion((store.current().version() - 1) & 0xFF).isEmpty(), "no made-up previous");
    }

    @Test
    void unknownVersionIsEmpty() {
        int v = store.current().version();
        assertTrue(store.byVersion((v + 7) & 0xFF).isEmpty());
    }

    @Test
    void secretsAreRedactedAndDestroyable() {
        CookieSecret s = new CookieSecret(3, 1, Instant.EPOCH, new byte[32]);
        assertFalse(s.toString().contains("0, 0"));
        assertTrue(s.toString().contains("[redacted]"));
        s.destroy();
        assertThrows(IllegalStateException.class, s::keySpec);
        assertThrows(IllegalArgumentException.class, () -> new CookieSecret(256, 1, Instant.EPOCH, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new CookieSecret(1, 1, Instant.EPOCH, new byte[16]));
        assertTrue(new DerivedCookieSecretStore(new byte[32], clock, ROTATION).toString().contains("[redacted]"));
    }

    @Test
    void derivedStoresAgreeAcrossMembers() {
        byte[] master = new byte[32];
        master[5] = 9;
        DerivedCookieSecretStore a = new DerivedCookieSecretStore(master, clock, ROTATION);
        DerivedCookieSecretStore b = new DerivedCookieSecretStore(master, MutableClock.atEpochSecond(1_700_000_000L),
                ROTATION);
        assertEquals(a.current().version(), b.current().version());
        // the previous epoch is derivable even by a member that just started
        assertTrue(b.byVersion((b.current().version() - 1) & 0xFF).isPresent());
        assertTrue(b.byVersion((b.current().version() - 2) & 0xFF).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new DerivedCookieSecretStore(new byte[16], clock, ROTATION));
    }
}
