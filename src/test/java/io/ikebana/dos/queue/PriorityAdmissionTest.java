package io.ikebana.dos.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.dos.DosMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriorityAdmissionTest {

    private static Priority solved(int bits) {
        return new Priority(WorkClass.INIT_SOLVED_PUZZLE, bits * 8);
    }

    @Test
    void servesAuthThenSolvedByDifficultyThenCookieThenPlain() {
        PriorityAdmission<String> q = new PriorityAdmission<>(100, DosMetrics.noop());
        q.offer(Priority.of(WorkClass.INIT_PLAIN), "plain");
        q.offer(Priority.of(WorkClass.INIT_COOKIE), "cookie-1");
        q.offer(solved(12), "solved-12");
        q.offer(Priority.of(WorkClass.AUTH), "auth-1");
        q.offer(solved(20), "solved-20");
        q.offer(Priority.of(WorkClass.INIT_COOKIE), "cookie-2");
        q.offer(Priority.of(WorkClass.AUTH), "auth-2");
        List<String> order = new ArrayList<>();
        for (String s = q.poll(); s != null; s = q.poll()) {
            order.add(s);
        }
        assertEquals(List.of("auth-1", "auth-2", "solved-20", "solved-12", "cookie-1", "cookie-2", "plain"), order);
        assertNull(q.poll());
    }

    @Test
    void fullQueueDropsTheLowestClassFirst() {
        PriorityAdmission<String> q = new PriorityAdmission<>(3, DosMetrics.noop());
        q.offer(Priority.of(WorkClass.INIT_PLAIN), "plain-old");
        q.offer(Priority.of(WorkClass.INIT_PLAIN), "plain-new");
        q.offer(Priority.of(WorkClass.INIT_COOKIE), "cookie");

        Offer<String> o = q.offer(Priority.of(WorkClass.AUTH), "auth");
        assertEquals(OfferOutcome.QUEUED_EVICTING, o.outcome());
        assertEquals("plain-old", o.evicted(), "oldest of the lowest class goes");

        Offer<String> same = q.offer(Priority.of(WorkClass.INIT_PLAIN), "plain-late");
        assertEquals(OfferOutcome.REJECTED, same.outcome(), "not more important than the lowest queued");

        assertEquals("plain-new", q.offer(solved(9), "solved").evicted());
        assertEquals("cookie", q.offer(solved(10), "solved-10").evicted());
        assertEquals(OfferOutcome.REJECTED, q.offer(Priority.of(WorkClass.INIT_COOKIE), "c").outcome());
        assertEquals(3, q.size());
        assertEquals(5, q.dropped());
        assertEquals("auth", q.poll());
        assertEquals("solved-10", q.poll());
        assertEquals("solved", q.poll());
    }

    @Test
    void priorityOrderMatchesRank() {
        Priority[] ps = {Priority.of(WorkClass.INIT_PLAIN), Priority.of(WorkClass.INIT_COOKIE), solved(9), solved(20),
            new Priority(WorkClass.INIT_SOLVED_PUZZLE, 0xFFFF), Priority.of(WorkClass.AUTH)};
        for (int i = 1; i < ps.length; i++) {
            assertTrue(ps[i - 1].compareTo(ps[i]) < 0);
            assertTrue(ps[i - 1].rank() < ps[i].rank());
        }
    }
}
