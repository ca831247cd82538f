package io.ikebana.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4303 §3.4.3 window and Appendix A2 ESN inference, as tables. */
class ReplayWindowTest {

    /** Feeds authenticated packets, so T and the bitmap are in a known state. */
    private static ReplayWindow windowAfter(int size, boolean esn, long... accepted) {
        ReplayWindow w = new ReplayWindow(size, esn);
        for (long s : accepted) {
            assertNull(w.check(s), "setup " + s);
            w.accept(s);
        }
        return w;
    }

    @ParameterizedTest(name = "T=100 W=64 seq={0} -> {1}")
    @CsvSource({
        "101, NEW", "1000, NEW", "100, REPLAYED", "90, REPLAYED", "37, NEW", "36, OUTSIDE_WINDOW",
        "1, OUTSIDE_WINDOW", "0, OUTSIDE_WINDOW", "99, NEW"
    })
    void checkTable(long seq, String expected) {
        ReplayWindow w = windowAfter(64, false, 90, 100);
        DropReason r = w.check(seq);
        assertEquals(expected, r == null ? "NEW" : r.name());
    }

    @Test
    void checkDoesNotChangeTheWindow() {
        ReplayWindow w = windowAfter(64, false, 10);
        assertNull(w.check(500));
        assertNull(w.check(500));
        assertEquals(10, w.topOpaque());
        assertNull(w.check(9));
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64, 100, 128, 1000, 4096})
    void everyNumberInsideTheWindowIsAcceptedOnceWhateverTheOrder(int size) {
        ReplayWindow w = new ReplayWindow(size, false);
        long top = 3L * size + 17;
        w.accept(top);
        // walk the whole window downwards: each number once, then all are replays
        for (long s = top - 1; s > top - size; s--) {
            assertNull(w.check(s), "first " + s);
            w.accept(s);
        }
        for (long s = top; s > top - size; s--) {
            assertEquals(DropReason.REPLAYED, w.check(s), "again " + s);
        }
        assertEquals(DropReason.OUTSIDE_WINDOW, w.check(top - size));
    }

    @Test
    void largeJumpClearsTheBitmap() {
        ReplayWindow w = windowAfter(128, false, 1, 2, 3);
        w.accept(1_000_000);
        assertNull(w.check(1_000_000 - 1));
        assertNull(w.check(1_000_000 - 127));
        assertEquals(DropReason.OUTSIDE_WINDOW, w.check(3));
    }

    @Test
    void advancingByLessThanAWordKeepsOlderBits() {
        ReplayWindow w = windowAfter(64, false, 60, 63, 64, 65, 127);
        assertEquals(DropReason.REPLAYED, w.check(64));
        assertEquals(DropReason.REPLAYED, w.check(65));
        assertNull(w.check(66));
        assertEquals(DropReason.OUTSIDE_WINDOW, w.check(63)); // 127 - 64
    }

    @Test
    void withoutEsnTheFull32BitRangeIsUsable() {
        ReplayWindow w = windowAfter(64, false, 0xFFFF_FFF0L);
        assertEquals(0xFFFF_FFFFL, w.infer(-1));
        assertNull(w.check(w.infer(-1)));
        // no wrap without ESN: low numbers are simply far left of the window
        assertEquals(DropReason.OUTSIDE_WINDOW, w.check(w.infer(5)));
    }

    /**
     * RFC 4303 Appendix A2 with W = 64. Columns: T (hex), received low half (hex), inferred full
     * number (hex, 0 = impossible).
     */
    @ParameterizedTest(name = "T={0} Seql={1} -> {2}")
    @CsvSource({
        // Case A, window inside subspace 0
        "00000000_00001000, 00001001, 00000000_00001001",
        "00000000_00001000, 00000FC1, 00000000_00000FC1",
        "00000000_00001000, 00000FC0, 00000001_00000FC0", // below the window: next subspace
        // Case A across the boundary: low numbers belong to the next subspace
        "00000000_FFFFFFF0, 00000003, 00000001_00000003",
        "00000000_FFFFFFF0, FFFFFFB1, 00000000_FFFFFFB1",
        // Case B: T just past the boundary, the window reaches back into subspace 0
        "00000001_00000005, FFFFFFF0, 00000000_FFFFFFF0",
        "00000001_00000005, 00000003, 00000001_00000003",
        "00000001_00000005, 00000100, 00000001_00000100",
        // Case B at T = 0 (fresh SA): "previous subspace" does not exist
        "00000000_00000000, FFFFFFF0, 0",
        "00000000_00000000, 00000001, 00000000_00000001",
        // the top of the 64-bit space cannot wrap
        "FFFFFFFF_FFFFFFF0, 00000002, 0",
    })
    void esnInference(String top, String seqLow, String expected) {
        ReplayWindow w = new ReplayWindow(64, true);
        long t = Long.parseUnsignedLong(top.replace("_", ""), 16);
        if (t != 0) {
            w.accept(t);
        }
        long got = w.infer((int) Long.parseLong(seqLow, 16));
        assertEquals(Long.parseUnsignedLong(expected.replace("_", ""), 16), got,
                Long.toHexString(got));
    }

    @Test
    void esnWindowSlidesAcrossTheBoundaryWithoutLosingBits() {
        ReplayWindow w = new ReplayWindow(64, true);
        long t = (1L << 32) - 2;
        w.accept(t - 100); // reach the neighbourhood first (Case B from T = 0)
        for (long s = t - 3; s <= t + 3; s++) {
            long full = w.infer((int) s);
            assertEquals(s, full);
            assertNull(w.check(full));
            w.accept(full);
        }
        assertEquals(t + 3, w.topOpaque());
        for (long s = t - 3; s <= t + 3; s++) {
            assertEquals(DropReason.REPLAYED, w.check(w.infer((int) s)), Long.toHexString(s));
        }
        assertNull(w.check(w.infer((int) (t - 10))));
    }
}
