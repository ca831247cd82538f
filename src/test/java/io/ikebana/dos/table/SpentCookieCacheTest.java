package io.ikebana.dos.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpentCookieCacheTest {

    @Test
    void remembersTagsWithinCapacity() {
        SpentCookieCache c = new SpentCookieCache(1024);
        assertFalse(c.isSpent(77));
        assertTrue(c.markSpent(77));
        assertFalse(c.markSpent(77), "second mark reports a replay");
        assertTrue(c.isSpent(77));
        assertFalse(c.isSpent(78));
        assertTrue(c.markSpent(0), "tag 0 is usable");
        assertTrue(c.isSpent(0));
    }

    @Test
    void fixedCapacityUnderAFlood() {
        SpentCookieCache c = new SpentCookieCache(1024);
        for (long t = 1; t < 2_000_000; t++) {
            c.markSpent(t * 0x9E3779B97F4A7C15L);
        }
        assertEquals(1024, c.capacity());
    }
}
