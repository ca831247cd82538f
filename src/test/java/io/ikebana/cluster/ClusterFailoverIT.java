package io.ikebana.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Three member JVMs on 127.0.0.1, .2 and .3 (the shipped cluster/hazelcast-local.yaml with a free
 * port); one is killed with SIGKILL while it holds a lease. The survivors see it go, list its SAs
 * for takeover with each SA on exactly one survivor, take them all over, and nothing is lost.
 */
class ClusterFailoverIT {

    @Test
    void survivorsTakeOverTheSasOfAKilledMember() throws Exception {
        int port = TestCluster.freePort();
        String cluster = "ikebana-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> hosts = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");
        List<String> list = hosts.stream().map(h -> h + ":" + port).toList();
        Path logs = MemberProcess.basedir().resolve("target/cluster-it");
        List<MemberProcess> ms = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ms.add(MemberProcess.start("m" + (i + 1), hosts.get(i), port, cluster, list, logs));
            }
            for (MemberProcess m : ms) {
                awaitEquals(() -> m.call("members").split(",").length, 3, 30);
            }
            String[] spisOfM3 = null;
            for (int i = 0; i < 3; i++) {
                String r = ms.get(i).call("create 30 " + Long.toHexString(0x7000_0000_0000_0000L + i * 0x100L));
                if (i == 2) {
                    spisOfM3 = r.split(",");
                }
            }
            assertEquals("90 90", ms.get(0).call("size"));
            Set<String> expected = new HashSet<>(Arrays.asList(spisOfM3));
            assertEquals(expected, new HashSet<>(Arrays.asList(ms.get(1).call("owned m3").split(","))));
            // m3 is processing a message of one of its SAs when it dies
            assertEquals("Ok", ms.get(2).call("hold " + spisOfM3[0]));

            long t0 = System.nanoTime();
            ms.get(2).kill();
            for (int i = 0; i < 2; i++) {
                MemberProcess m = ms.get(i);
                awaitEquals(() -> m.call("lost"), "m3", 30);
            }
            long detectMs = (System.nanoTime() - t0) / 1_000_000;

            Set<String> c1 = set(ms.get(0).call("candidates m3"));
            Set<String> c2 = set(ms.get(1).call("candidates m3"));
            Set<String> overlap = new HashSet<>(c1);
            overlap.retainAll(c2);
            assertEquals(Set.of(), overlap, "an SA listed for two survivors");
            Set<String> union = new HashSet<>(c1);
            union.addAll(c2);
            assertEquals(expected, union, "SAs of the dead member not listed for any survivor");

            String[] t1 = ms.get(0).call("takeover m3").split(" ");
            String[] t2 = ms.get(1).call("takeover m3").split(" ");
            assertEquals(c1.size(), Integer.parseInt(t1[0]));
            assertEquals(c2.size(), Integer.parseInt(t2[0]));
            assertEquals("0", t1[1]);
            assertEquals("0", t2[1]);
            long takeoverMs = (System.nanoTime() - t0) / 1_000_000;

            assertEquals("", ms.get(0).call("owned m3"));
            assertEquals("90 90", ms.get(1).call("size"), "SAs and leases survive the kill (backups)");
            for (int i = 0; i < 3; i++) {
                assertEquals("30", ms.get(i % 2).call("verify " + Long.toHexString(0x7000_0000_0000_0000L + i * 0x100L)
                        + " 30"));
            }
            System.out.printf("SIGKILL -> both survivors saw the loss in %d ms; all %d SAs taken over (%d + %d) "
                    + "%d ms after the kill%n", detectMs, union.size(), c1.size(), c2.size(), takeoverMs);
        } finally {
            for (MemberProcess m : ms) {
                m.close();
            }
        }
    }

    private static Set<String> set(String csv) {
        return csv.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(csv.split(",")));
    }

    private static <T> void awaitEquals(java.util.function.Supplier<T> s, T want, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        T last = null;
        while (System.nanoTime() < end) {
            last = s.get();
            if (want.equals(last)) {
                return;
            }
            TestCluster.sleep(100);
        }
        throw new AssertionError("expected " + want + ", last " + last);
    }
}
