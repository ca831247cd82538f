package io.ikebana.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 4303 §3.3.3: start at 1, never cycle. */
class SequenceCounterTest {

    @Test
    void firstPacketCarriesOne() {
        SequenceCounter c = new SequenceCounter(false, 10);
        assertEquals(1, c.next());
        assertEquals(2, c.next());
        assertEquals(2, c.last());
    }

    @Test
    void thirtyTwoBitCounterStopsAtTheMaximum() {
        SequenceCounter c = new SequenceCounter(false, 2, 0xFFFF_FFFCL);
        long a = c.next();
        assertEquals(0xFFFF_FFFDL, a);
        assertTrue(c.isSoftLimit(a));
        assertEquals(0xFFFF_FFFEL, c.next());
        assertEquals(0xFFFF_FFFFL, c.next());
        assertEquals(0, c.next());
        assertEquals(0, c.next());
        assertEquals(0xFFFF_FFFFL, c.last());
    }

    @Test
    void softLimitIsAMarginBelowTheMaximum() {
        SequenceCounter c = new SequenceCounter(false, 1 << 24);
        assertFalse(c.isSoftLimit(0xFFFF_FFFFL - (1 << 24) - 1));
        assertTrue(c.isSoftLimit(0xFFFF_FFFFL - (1 << 24)));
    }

    @Test
    void esnCounterRunsThrough2To32AndStopsAt2To64Minus1() {
        SequenceCounter c = new SequenceCounter(true, 5, 0xFFFF_FFFFL);
        assertEquals(1L << 32, c.next());
        assertFalse(c.isSoftLimit(1L << 32));
        SequenceCounter top = new SequenceCounter(true, 5, -3L);
        assertTrue(top.isSoftLimit(top.next()));
        assertEquals(-1L, top.next());
        assertEquals(0, top.next());
    }
}
