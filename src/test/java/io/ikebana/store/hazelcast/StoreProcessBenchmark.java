package io.ikebana.store.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.cluster.Member;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.query.LocalIndexStats;
import io.ikebana.cluster.ClusterNode;
import io.ikebana.cluster.ClusterRuntime;
import io.ikebana.cluster.LocalClusterFiles;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.IkeSa;
import io.ikebana.store.SaStore.Checkout;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * BENCHMARK (a main, not a test; docs/benchmarks.md "Grid"): the Hazelcast SA store with every
 * member in its own JVM, as gateways run it. This JVM is member 1 (127.0.5.21) and the driver;
 * it starts members 2 and 3 (127.0.5.22, 127.0.5.23) as child JVMs running this class with
 * {@code member}. Each member is wired as a gateway wires it ({@link ClusterRuntime#start}:
 * production map settings, 271 partitions, one synchronous backup, split-brain protection of
 * floor(n/2)+1 members, records sealed under the cluster key, member directory running).
 *
 * <ol>
 *   <li>Memory: creates {@code sas} typical established IKE SAs (PSK, aes256gcm16-prfsha256-x25519,
 *       one Child SA, one virtual IP, a cached last response of {@code -Dresponse} octets: 300 by
 *       default, an IKE_AUTH response as the SA has it until it first answers the gateway; 0 for
 *       the steady state after that, MessageWindow#peerAnswered) and sums Hazelcast's
 *       own map statistics over the members (owned and backup entry memory cost, index memory
 *       cost), plus each member's heap after GC before and after.</li>
 *   <li>Check-out + check-in (what the engine does around every IKE message) from this member,
 *       at each concurrency in {@code threads}: every thread works on its own SAs (no lease
 *       conflicts), for {@code seconds} after a warm-up; latency percentiles and operations/s.</li>
 * </ol>
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.ikebana.store.hazelcast.StoreProcessBenchmark [members=3] [sas=10000] [seconds=10] [threads=1,4,16,64]
 * </pre>
 * Properties: {@code -Dhosts=127.0.5.21,127.0.5.22,127.0.5.23}, {@code -Dmember.heap=512m}.
 */
public final class StoreProcessBenchmark {
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    static final long BASE = 0x4000_0000_0000_0000L;

    private StoreProcessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        HAZELCAST_LOG.setLevel(Level.WARNING);
        if (args.length > 0 && args[0].equals("member")) {
            member(Integer.parseInt(args[1]), Path.of(args[2]));
            return;
        }
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int sas = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int[] threads = Arrays.stream((args.length > 3 ? args[3] : "1,4,16,64").split(","))
                .mapToInt(Integer::parseInt).toArray();
        String[] hosts = System.getProperty("hosts", "127.0.5.21,127.0.5.22,127.0.5.23").split(",");
        Path dir = Path.of("target/store-bench", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(dir);
        int port = io.ikebana.cluster.TestCluster.freePort();
        Files.writeString(dir.resolve("hazelcast.yaml"), LocalClusterFiles.hazelcastYaml("store-bench-" + dir.getFileName(),
                Arrays.asList(hosts).subList(0, members), port, 10));
        // split-brain protection as recommended for the cluster size (floor(n/2)+1)
        Files.writeString(dir.resolve("hosts"), String.join(",", hosts) + "\n" + port + "\n" + (members / 2 + 1) + "\n");
        LocalClusterFiles.writeClusterKey(dir.resolve("cluster.key"), new SecureRandom());

        System.out.printf(Locale.ROOT, "BENCHMARK StoreProcessBenchmark: %d member JVM(s) on %s, %d SAs, %d s per "
                + "concurrency, threads %s, java %s, %d cpus, load %s%n", members,
                String.join(",", Arrays.copyOf(hosts, members)), sas, seconds, Arrays.toString(threads),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim());
        List<Process> children = new ArrayList<>();
        ClusterRuntime rt = null;
        try {
            for (int i = 1; i < members; i++) {
                children.add(startMember(i, dir));
            }
            rt = runtime(0, dir);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (rt.node().hazelcast().getCluster().getMembers().size() < members) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("cluster did not form: " + rt.node().memberNames());
                }
                Thread.sleep(100);
            }
            rt.node().awaitPartitionsSafe(Duration.ofSeconds(60));
            run(rt, sas, seconds, threads);
        } finally {
            if (rt != null) {
                rt.close();
            }
            for (Process p : children) {
                p.getOutputStream().close();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    static void run(ClusterRuntime rt, int n, int seconds, int[] threads) throws Exception {
        HazelcastSaStore store = rt.hazelcastStore();
        IExecutorService exec = rt.node().hazelcast().getExecutorService("store-bench");
        long[] before = stats(exec);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            IkeSa sa = SampleSas.typical(BASE + i, "user" + i + "@ikebana.test", Integer.getInteger("response", 300));
            sa.owner("");
            if (!store.create(sa)) {
                throw new IllegalStateException("create failed");
            }
        }
        double createUs = (System.nanoTime() - t0) / 1e3 / n;
        long[] after = stats(exec);
        int blob = rt.node().saMap().get(BASE).blob().length;
        System.out.printf(Locale.ROOT, "%ncreate: %d SAs, %.0f us each (1 thread); sealed record blob %d B%n", n,
                createUs, blob);
        System.out.printf(Locale.ROOT, "grid (map stats, all members): %d owned + %d backup entries; owned %.0f B/SA, "
                + "backup %.0f B/SA, together %.0f B/SA (%.2f KiB); index memory %.0f B/SA; heap growth after GC, "
                + "all members: %.0f B/SA%n", after[0], after[1], after[2] / (double) n, after[3] / (double) n,
                (after[2] + after[3]) / (double) n, (after[2] + after[3]) / (double) n / 1024,
                (after[4] - before[4]) / (double) n, (after[5] - before[5]) / (double) n);

        System.out.println();
        System.out.println("| threads | check-out + check-in /s | p50 (us) | p90 (us) | p99 (us) | p99.9 (us) | max (us) "
                + "| check-out p50 / p99 (us) | check-in p50 / p99 (us) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int t : threads) {
            measure(store, n, t, 2, false);
            System.out.println(measure(store, n, t, seconds, true));
        }
    }

    /** One concurrency level: {@code threads} threads on disjoint SAs for {@code seconds}. */
    static String measure(HazelcastSaStore store, int n, int threads, int seconds, boolean report)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[][] pair = new long[threads][];
        long[][] out = new long[threads][];
        long[][] in = new long[threads][];
        int[] count = new int[threads];
        int[] busy = new int[threads];
        List<Thread> ts = new ArrayList<>();
        int cap = 4_000_000 / threads;
        for (int t = 0; t < threads; t++) {
            int id = t;
            pair[t] = new long[cap];
            out[t] = new long[cap];
            in[t] = new long[cap];
            Thread th = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(id * 31L + seconds);
                int mine = n / threads;
                int k = 0;
                while (k < cap && System.nanoTime() < end) {
                    long spi = BASE + id + (long) threads * r.nextInt(mine);
                    long s = System.nanoTime();
                    Checkout co = store.checkout(spi);
                    long m = System.nanoTime();
                    if (!(co instanceof Checkout.Ok ok)) {
                        busy[id]++;
                        continue;
                    }
                    IkeSa sa = ok.sa();
                    sa.window().expectedRequestId(sa.window().expectedRequestId() + 1);
                    store.checkin(sa);
                    long e = System.nanoTime();
                    pair[id][k] = e - s;
                    out[id][k] = m - s;
                    in[id][k] = e - m;
                    k++;
                }
                count[id] = k;
            }, "store-bench-" + t);
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        if (!report) {
            return "";
        }
        long[] p = merge(pair, count);
        long[] o = merge(out, count);
        long[] i = merge(in, count);
        int busyTotal = Arrays.stream(busy).sum();
        return String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f / %.0f | %.0f / %.0f |%s",
                threads, p.length / (double) seconds, us(p, 0.5), us(p, 0.9), us(p, 0.99), us(p, 0.999),
                us(p, 1), us(o, 0.5), us(o, 0.99), us(i, 0.5), us(i, 0.99),
                busyTotal > 0 ? " (" + busyTotal + " busy)" : "");
    }

    static long[] merge(long[][] a, int[] count) {
        int total = Arrays.stream(count).sum();
        long[] m = new long[total];
        int k = 0;
        for (int t = 0; t < a.length; t++) {
            System.arraycopy(a[t], 0, m, k, count[t]);
            k += count[t];
        }
        Arrays.sort(m);
        return m;
    }

    static double us(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e3;
    }

    /** Summed over members: owned/backup entries, owned/backup entry memory cost, index memory, heap. */
    static long[] stats(IExecutorService exec) throws Exception {
        Map<Member, Future<long[]>> all = exec.submitToAllMembers(new MapStatsTask());
        long[] sum = new long[6];
        for (Future<long[]> f : all.values()) {
            long[] v = f.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        return sum;
    }

    /** Runs on each member: its share of the SA map's statistics and its heap after GC. */
    static final class MapStatsTask implements Callable<long[]>, Serializable, HazelcastInstanceAware {
        private static final long serialVersionUID = 1L;
        private transient HazelcastInstance hz;

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
            this.hz = hazelcastInstance;
        }

        @Override
        public long[] call() {
            LocalMapStats st = hz.getMap(HazelcastSaStore.MAP).getLocalMapStats();
            long index = 0;
            for (LocalIndexStats i : st.getIndexStats().values()) {
                index += i.getMemoryCost();
            }
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            Runtime r = Runtime.getRuntime();
            return new long[] {st.getOwnedEntryCount(), st.getBackupEntryCount(), st.getOwnedEntryMemoryCost(),
                    st.getBackupEntryMemoryCost(), index, r.totalMemory() - r.freeMemory()};
        }
    }

    static ClusterRuntime runtime(int i, Path dir) throws IOException {
        List<String> f = Files.readAllLines(dir.resolve("hosts"));
        String host = f.get(0).split(",")[i];
        Config c = ClusterNode.baseConfig(dir.resolve("hazelcast.yaml"), host + ":" + f.get(1).trim());
        Secret key = Secret.wrap(HexFormat.of().parseHex(Files.readString(dir.resolve("cluster.key")).trim()));
        int quorum = Integer.parseInt(f.get(2).trim());
        return ClusterRuntime.start(c, "m" + (i + 1), quorum, Map.of(1, key), 1, Map.of(), List.of(host + ":500"),
                new SecureRandom(), Duration.ofSeconds(5));
    }

    static Process startMember(int i, Path dir) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + System.getProperty("member.heap", "512m"), "-cp", System.getProperty("java.class.path"),
                StoreProcessBenchmark.class.getName(), "member", String.valueOf(i), dir.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("member" + (i + 1) + ".log").toFile()).start();
    }

    /** A member JVM: runs until its parent closes stdin (or an hour passes). */
    static void member(int i, Path dir) throws Exception {
        ClusterRuntime rt = runtime(i, dir);
        Thread waiter = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // until EOF
                }
            } catch (IOException e) {
                // parent gone
            }
        });
        waiter.setDaemon(true);
        waiter.start();
        waiter.join(TimeUnit.HOURS.toMillis(1));
        rt.close();
    }
}
