package io.ikebana.dos.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlidingWindowSketchTest {

    @Test
    void interpolatesOverTheWindowAndForgets() {
        SlidingWindowSketch s = new SlidingWindowSketch(4, 256, new long[] {5, 6, 7, 8}, 10_000, 0);
        for (int i = 0; i < 100; i++) {
            s.add(1, 1, i * 100); // 100 events over the first window (10/s)
        }
        assertEquals(100, s.estimate(1, 9_999), 0.01);
        assertEquals(10.0, s.ratePerSecond(1, 9_999), 0.01);
        assertEquals(50, s.estimate(1, 15_000), 0.01, "half of the previous window still counts");
        assertEquals(0, s.estimate(1, 20_000), 0.01);
        assertEquals(0, s.estimate(1, 100_000), 0.01);
        assertEquals(0, s.estimate(2, 9_000), 0.01);
    }

    @Test
    void counterInterpolatesToo() {
        SlidingWindowCounter c = new SlidingWindowCounter(1_000, 0);
        c.add(10, 500);
        assertEquals(10, c.estimate(999), 0.01);
        assertEquals(5, c.estimate(1_500), 0.01);
        assertEquals(0, c.estimate(5_000), 0.01);
    }
}
