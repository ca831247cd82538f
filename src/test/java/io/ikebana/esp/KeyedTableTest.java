package io.ikebana.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class KeyedTableTest {

    @Test
    void putGetRemoveAcrossResizes() {
        KeyedTable<Integer> t = new KeyedTable<>();
        for (int i = 0; i < 10_000; i++) {
            assertNull(t.put(i % 3, i, i));
        }
        assertEquals(10_000, t.size());
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, t.get(i % 3, i));
            assertNull(t.get(i % 3 + 1, i));
        }
        for (int i = 0; i < 10_000; i += 2) {
            assertEquals(i, t.remove(i % 3, i));
        }
        assertEquals(5_000, t.size());
        assertNull(t.get(0, 0));
        assertEquals(1, t.get(1, 1));
        assertEquals(1, t.put(1, 1, 42));
        assertEquals(42, t.get(1, 1));
        assertEquals(5_000, t.values().size());
    }
}
