package io.ikebana.dos.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CountMinSketchTest {
    private final CountMinSketch sketch = new CountMinSketch(4, 1024, new long[] {1, 2, 3, 4});

    @Test
    void neverUnderestimatesAndDecrementsMatchIncrements() {
        for (long k = 0; k < 500; k++) {
            sketch.add(k, (int) (k % 7));
        }
        for (long k = 0; k < 500; k++) {
            assertTrue(sketch.estimate(k) >= k % 7);
        }
        for (long k = 0; k < 500; k++) {
            sketch.add(k, -(int) (k % 7));
        }
        for (long k = 0; k < 500; k++) {
            assertEquals(0, sketch.estimate(k));
        }
    }

    @Test
    void unmatchedDecrementClampsAtZero() {
        sketch.add(42, -5);
        assertEquals(0, sketch.estimate(42));
        sketch.add(42, 2);
        assertEquals(2, sketch.estimate(42));
    }

    @Test
    void memoryIsFixed() {
        int cells = sketch.cells();
        for (long k = 0; k < 1_000_000; k++) {
            sketch.add(k * 0x9E3779B97F4A7C15L, 1);
        }
        assertEquals(4 * 1024, cells);
        assertEquals(cells, sketch.cells());
    }
}
