package io.ikebana.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Placement against a simulated cluster: clients arrive at one member, redirected ones take a
 * while to show up at their new member, and members publish their counts only every few seconds.
 */
class LeastLoadedPlacementTest {

    @Test
    void staysWithinToleranceAndPrefersTheLeastLoaded() {
        long[] now = {10_000};
        LeastLoadedPlacement p = new LeastLoadedPlacement(10, 2, () -> now[0], 2_000);
        List<MemberInfo> even = List.of(info("a", 50, 0, 9_000), info("b", 49, 0, 9_000), info("c", 51, 0, 9_000));
        assertNull(p.choose("a", even), "within the tolerance: stay");
        List<MemberInfo> skewed = List.of(info("a", 60, 0, 9_000), info("b", 40, 5, 9_000), info("c", 30, 0, 9_000));
        assertEquals("c", p.choose("a", skewed).name());
        assertNull(p.choose("x", skewed), "a member not in the directory decides nothing");
        assertNull(p.choose("a", List.of(info("a", 60, 0, 9_000))), "alone");
        // arriving (half-open) clients count as SAs
        List<MemberInfo> arriving = List.of(info("a", 60, 0, 9_000), info("b", 30, 25, 9_000), info("c", 40, 0, 9_000));
        assertEquals("c", p.choose("a", arriving).name());
    }

    @Test
    void aDrainedMemberSendsEveryClientToTheLeastLoadedOther() {
        long[] now = {10_000};
        LeastLoadedPlacement p = new LeastLoadedPlacement(10, 2, () -> now[0], 10_000);
        List<MemberInfo> dir = List.of(info("a", 0, 0, 9_000), info("b", 3, 0, 9_000), info("c", 3, 0, 9_000));
        int[] to = new int[2];
        for (int i = 0; i < 6; i++) {
            to[p.chooseOther("a", dir).name().equals("b") ? 0 : 1]++;
        }
        // the directory has not caught up: the decisions themselves keep b and c even
        assertEquals(3, to[0], Arrays.toString(to));
        assertEquals(3, to[1], Arrays.toString(to));
        assertNull(p.chooseOther("a", List.of(info("a", 0, 0, 9_000))));
    }

    /**
     * 300 clients through member 0 at {@code rate} per second; a redirected client reaches its
     * member {@code landingMs} later (the IKE_SA_INIT round trips under load) and some never do;
     * each member publishes every 5 s, at different times. The spread ends within ±10% of 100 each.
     */
    @ParameterizedTest(name = "{0} clients/s, redirected clients arrive after {1} ms")
    @CsvSource({"30, 50", "30, 800", "60, 1500", "10, 1500", "200, 300", "200, 3000"})
    void aBurstThroughOneMemberEndsEven(int rate, int landingMs) {
        long[] now = {0};
        LeastLoadedPlacement p = new LeastLoadedPlacement(10, 2, () -> now[0], 10_000);
        int[] there = new int[3];
        long[] redirectedIn = new long[3];
        MemberInfo[] published = new MemberInfo[3];
        long[] lastPublish = {-4_000, -2_500, -1_000};
        record Arrival(long at, int member) {
        }
        PriorityQueue<Arrival> onTheWay = new PriorityQueue<>((x, y) -> Long.compare(x.at, y.at));
        int clients = 300;
        long step = 1000 / rate;
        for (int i = 0; i < clients || !onTheWay.isEmpty(); i++) {
            while (!onTheWay.isEmpty() && onTheWay.peek().at <= now[0]) {
                int m = onTheWay.poll().member;
                there[m]++;
                redirectedIn[m]++;
            }
            for (int m = 0; m < 3; m++) {
                if (now[0] - lastPublish[m] >= 5_000 || published[m] == null) {
                    lastPublish[m] = now[0];
                    published[m] = new MemberInfo("m" + m, List.of("127.0.0." + (m + 1) + ":500"), there[m], 0,
                            m == 0 ? Map.of() : Map.of("m0", redirectedIn[m]), -1, now[0]);
                }
            }
            if (i < clients) {
                MemberInfo target = p.choose("m0", List.of(published));
                if (target == null) {
                    p.accepted("m0");
                    there[0]++; // queued here at once: in the next publication
                } else if (i % 50 != 7) {
                    onTheWay.add(new Arrival(now[0] + landingMs, Integer.parseInt(target.name().substring(1))));
                } // else: this redirected client gave up
            }
            now[0] += step;
        }
        int lost = clients - Arrays.stream(there).sum();
        for (int n : there) {
            assertTrue(Math.abs(n - clients / 3) <= clients / 30,
                    "within ±10%: " + Arrays.toString(there) + " (" + lost + " never arrived)");
        }
    }

    private static MemberInfo info(String name, int sas, int arriving, long updated) {
        return new MemberInfo(name, List.of("127.0.0.1:500"), sas, arriving, Map.of(), -1, updated);
    }
}
