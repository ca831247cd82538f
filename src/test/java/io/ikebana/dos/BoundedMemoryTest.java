package io.ikebana.dos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A spoofed flood from millions of addresses leaves every table at its fixed size. */
class BoundedMemoryTest {

    @Test
    void millionsOfSpoofedSourcesKeepTablesAtTheirCap() throws UnknownHostException {
        MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
        DosConfig cfg = DosConfig.defaults().withHalfOpen(HalfOpenConfig.defaults().withThresholds(30, 200, 5_000));
        DosGuard g = Guards.guard(cfg, clock, "flood");
        DosState before = g.state();
        long cells = before.trackedCells();
        assertEquals(5L * 4 * 16_384, cells, "5 sketches of 4 x 16384 cells");
        long heapBefore = usedHeapAfterGc();

        SplittableRandom rnd = new SplittableRandom(7);
        byte[] v6 = new byte[16];
        int accepted = 0;
        int created = 0;
        int sources = 2_000_000;
        for (int i = 0; i < sources; i++) {
            InetAddress src;
            if ((i & 1) == 0) {
                src = InetAddress.getByAddress(java.nio.ByteBuffer.allocate(4).putInt(rnd.nextInt() | 0x0100_0000).array());
            } else {
                rnd.nextBytes(v6);
                v6[0] = 0x20;
                src = InetAddress.getByAddress(v6);
            }
            if (i % 1000 == 0) {
                clock.advance(Duration.ofMillis(10)); // 100,000 spoofed packets per second
            }
            InboundDatagram d = new InboundDatagram(src, 500, null, Transport.UDP, Ike.Header.initRequest().bytes());
            if (!g.screen(d).isPass() || (i & 3) != 0) {
                continue; // every 4th spoofed packet also reaches admission
            }
            InitDecision dec = g.admitInit(Ike.init(src, 500, Transport.UDP, i + 1L));
            if (dec instanceof InitDecision.Accept) {
                accepted++;
                if (g.state().halfOpen() < cfg.halfOpen().capacity()) {
                    g.halfOpenCreated(src); // the engine creates a half-open SA ...
                    created++;
                }
            }
            if (created > 0 && (i & 63) == 0) {
                g.halfOpenRemoved(src); // ... and some expire (counted against another source: clamped)
            }
        }
        DosState after = g.state();
        assertEquals(cells, after.trackedCells(), "per-prefix tables did not grow");
        assertEquals(before.spentCookieSlots(), after.spentCookieSlots());
        assertTrue(after.halfOpen() <= cfg.halfOpen().capacity(), "half-open count capped: " + after.halfOpen());
        assertTrue(accepted < 1_000, "spoofed sources never return cookies: " + accepted);
        assertTrue(after.counters().cookiesIssued() > 100_000);
        long growth = usedHeapAfterGc() - heapBefore;
        assertTrue(growth < 16L * 1024 * 1024, "heap grew by " + growth + " bytes");
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
