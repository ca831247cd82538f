package io.ikebana.dos.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.dos.DosConfig;
import io.ikebana.dos.DosGuard;
import io.ikebana.dos.DosMetrics;
import io.ikebana.dos.DropReason;
import io.ikebana.dos.Ike;
import io.ikebana.dos.Ike.Header;
import io.ikebana.dos.MutableClock;
import io.ikebana.dos.TestRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrefixRateFilterTest {
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final DosGuard guard = DosGuard.local(DosConfig.defaults(), clock, TestRandom.seeded("rate"),
            DosMetrics.noop());

    @Test
    void floodingAddressIsThrottledToItsHardRateNotWalledOff() {
        // 500 requests/s from one /32 (hard rate 50/s): after one window to warm up, a tenth passes
        int passed = 0;
        int sent = 0;
        for (int ms = 0; ms < 20_000; ms += 2) {
            clock.advance(Duration.ofMillis(2));
            boolean pass = guard.screen(Ike.initDatagram("203.0.113.9")).isPass();
            if (ms >= 10_000) {
                sent++;
                passed += pass ? 1 : 0;
            }
        }
        double share = (double) passed / sent;
        assertTrue(share > 0.07 && share < 0.15, "passes roughly hardRate/rate, got " + share);
        assertTrue(passed > 0, "never a wall");
        assertTrue(guard.state().counters().drops().get(DropReason.PREFIX_RATE_LIMIT) >= sent - passed);

        // a neighbour in another /24 is untouched; one in the same /24 only sees the /24 limit (500/s)
        assertTrue(guard.screen(Ike.initDatagram("198.51.100.20")).isPass());
        int neighbourPassed = 0;
        for (int i = 0; i < 100; i++) {
            if (guard.screen(Ike.initDatagram("203.0.113." + (100 + i))).isPass()) {
                neighbourPassed++;
            }
        }
        assertTrue(neighbourPassed >= 90, "same /24, other addresses: " + neighbourPassed);
    }

    @Test
    void onlyIkeSaInitRequestsAreRateLimited() {
        for (int i = 0; i < 5_000; i++) {
            assertTrue(guard.screen(Ike.datagram("203.0.113.9",
                    Header.initRequest().exchange(Ike.IKE_AUTH).spiR(7).messageId(1))).isPass());
        }
    }

    @Test
    void disabledGuardDoesNotRateLimit() {
        DosGuard off = DosGuard.local(DosConfig.defaults().withEnabled(false), clock, TestRandom.seeded("off"),
                DosMetrics.noop());
        for (int i = 0; i < 5_000; i++) {
            assertTrue(off.screen(Ike.initDatagram("203.0.113.9")).isPass());
        }
    }
}
