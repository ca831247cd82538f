package io.ikebana.store.hazelcast;

import com.hazelcast.map.LocalMapStats;
import io.ikebana.cluster.ClusterNode;
import io.ikebana.cluster.TestCluster;
import io.ikebana.ike.IkeSa;
import io.ikebana.store.InMemorySaStore;
import io.ikebana.store.SaStore;
import io.ikebana.store.SaStore.Checkout;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BENCHMARK (not a test; run by hand, see docs/cluster-notes.md): grid memory per IKE SA and
 * check-out + check-in latency and throughput of the Hazelcast store, with 1 and 3 members in
 * this JVM (127.0.0.1, TCP-IP join), against the in-memory store. Arguments: {@code [sas]
 * [seconds] [threads]}.
 *
 * <pre>
 * mvn -q -o package -DskipTests
 * java -Xmx1g -XX:+UseParallelGC -cp target/ikebana.jar:target/test-classes \
 *     io.ikebana.store.hazelcast.ClusterStoreBenchmark 20000 10 4
 * </pre>
 */
public final class ClusterStoreBenchmark {
    private ClusterStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sas = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        System.out.printf("BENCHMARK ClusterStoreBenchmark: %d SAs, %d s per throughput run, %d threads, %d cpus, %s%n",
                sas, seconds, threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        run("in-memory", new InMemorySaStore(), sas, seconds, threads, null);
        for (int members : new int[] {1, 3}) {
            try (TestCluster c = new TestCluster(members, 1).start()) {
                HazelcastSaStore store = c.store(0, Clock.systemUTC());
                run("hazelcast " + members + " member(s)", store, sas, seconds, threads, c);
            }
        }
    }

    private static void run(String name, SaStore store, int n, int seconds, int threads, TestCluster c)
            throws Exception {
        long base = 0x4000_0000_0000_0000L;
        System.gc();
        long heap0 = usedHeap();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            IkeSa sa = SampleSas.typical(base + i, "user" + i + "@ikebana.test", 300);
            sa.owner("");
            if (!store.create(sa)) {
                throw new IllegalStateException("create failed");
            }
        }
        double createUs = (System.nanoTime() - t0) / 1000.0 / n;
        System.gc();
        long heap1 = usedHeap();
        System.out.printf("%n[%s] create: %.1f us/SA; heap growth %.0f B/SA (all members in this JVM)%n", name,
                createUs, (heap1 - heap0) / (double) n);
        if (c != null) {
            long owned = 0;
            long backup = 0;
            for (ClusterNode node : c.nodes) {
                LocalMapStats st = node.saMap().getLocalMapStats();
                owned += st.getOwnedEntryMemoryCost();
                backup += st.getBackupEntryMemoryCost();
            }
            System.out.printf("[%s] grid cost (map stats): owned %.0f B/SA, backups %.0f B/SA, total %.0f B/SA%n", name,
                    owned / (double) n, backup / (double) n, (owned + backup) / (double) n);
        }
        // warm-up, then latency: one thread, check-out + change + check-in of random SAs
        for (int i = 0; i < 2000; i++) {
            IkeSa sa = ((Checkout.Ok) store.checkout(base + i % n)).sa();
            store.checkin(sa);
        }
        int iters = Math.min(n, 5000);
        long[] lat = new long[iters];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < iters; i++) {
            long spi = base + rnd.nextInt(n);
            long s = System.nanoTime();
            IkeSa sa = ((Checkout.Ok) store.checkout(spi)).sa();
            sa.window().expectedRequestId(sa.window().expectedRequestId() + 1);
            store.checkin(sa);
            lat[i] = System.nanoTime() - s;
        }
        Arrays.sort(lat);
        System.out.printf("[%s] checkout+checkin latency (1 thread): p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us%n",
                name, lat[iters / 2] / 1000.0, lat[iters * 9 / 10] / 1000.0, lat[iters * 99 / 100] / 1000.0,
                lat[iters - 1] / 1000.0);
        // throughput: several threads on disjoint SAs
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(id);
                while (System.nanoTime() < end) {
                    long spi = base + id + (long) threads * r.nextInt(n / threads);
                    Checkout co = store.checkout(spi);
                    if (co instanceof Checkout.Ok ok) {
                        store.checkin(ok.sa());
                        done.incrementAndGet();
                    }
                }
            });
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        System.out.printf("[%s] checkout+checkin throughput (%d threads): %.0f /s%n", name, threads,
                done.get() / (double) seconds);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
