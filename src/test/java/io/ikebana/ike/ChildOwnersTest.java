package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChildOwnersTest {

    @Test
    void childrenOfAnIkeSaFollowPutsReownsAndRemoves() {
        ChildOwners o = new ChildOwners();
        o.put(1, 100L);
        o.put(2, 100L);
        o.put(3, 200L);
        assertEquals(Set.of(1, 2), new HashSet<>(o.of(100L)));
        assertEquals(List.of(3), o.of(200L));
        // an IKE SA rekey hands Child SA 2 to the new IKE SA
        o.put(2, 300L);
        assertEquals(List.of(1), o.of(100L));
        assertEquals(List.of(2), o.of(300L));
        assertEquals(300L, o.get(2));
        // removal only while the given IKE SA still owns it (a release after a hand-over)
        assertFalse(o.remove(2, 100L));
        assertTrue(o.contains(2));
        assertTrue(o.remove(2, 300L));
        assertEquals(List.of(), o.of(300L));
        o.remove(1);
        assertEquals(List.of(), o.of(100L));
        assertNull(o.get(1));
        assertEquals(1, o.size());
    }

    @Test
    void aReleaseListIsACopy() {
        ChildOwners o = new ChildOwners();
        o.put(7, 1L);
        List<Integer> mine = o.of(1L);
        o.put(8, 1L);
        assertEquals(List.of(7), mine);
    }
}
