package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lane order and bounds: new IKE_SA_INIT requests without a cookie (BULK) come last, in their own bound. */
class LanesTest {

    @Test
    void bulkWorkIsServedAfterEverythingElseAndBoundedOnItsOwn() throws Exception {
        AtomicInteger drops = new AtomicInteger();
        try (Lanes lanes = new Lanes("t", 1, 1000, i -> drops.incrementAndGet())) {
            CountDownLatch gate = new CountDownLatch(1);
            lanes.submit(1, Lanes.Priority.HIGH, () -> {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<String> order = new CopyOnWriteArrayList<>();
            int accepted = 0;
            for (int i = 0; i < 150; i++) {
                accepted += lanes.submit(1, Lanes.Priority.BULK, () -> order.add("bulk")) ? 1 : 0;
            }
            assertEquals(100, accepted, "a tenth of the LOW bound");
            assertEquals(50, drops.get());
            assertTrue(lanes.submit(1, InitGuard.INIT_BASE_PRIORITY + 5, () -> order.add("dh")), "own bound");
            assertTrue(lanes.submit(1, Lanes.Priority.LOW, () -> order.add("cookie")));
            gate.countDown();
            assertTrue(waitFor(order, 102), order.toString());
            assertEquals("cookie", order.get(0));
            assertEquals("dh", order.get(1));
            assertEquals("bulk", order.get(2));
        }
    }

    private static boolean waitFor(List<String> order, int n) throws InterruptedException {
        for (int i = 0; i < 200 && order.size() < n; i++) {
            Thread.sleep(10);
        }
        return order.size() >= n;
    }
}
