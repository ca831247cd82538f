package io.ikebana.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ikebana.client.ClientOptions;
import io.ikebana.client.IkeClient;
import io.ikebana.cluster.LocalClusterFiles;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.EngineListener;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.testing.AdminClient;
import io.ikebana.testing.GatewayProcess;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark main (not a test, not run by CI): rebalance of many established IKE SAs across three
 * gateway JVMs ({@code target/ikebana.jar}) on 127.0.5.1-3.
 *
 * <ol>
 *   <li>gw1 starts alone; our clients ({@link IkeClient}, {@code clients} sockets on
 *       127.0.6.x, in this JVM) establish {@code sas} IKE SAs with a Child SA each on it;</li>
 *   <li>gw2 and gw3 join (their Hazelcast partitions migrate; no SA moves yet);</li>
 *   <li>a sample of SAs is pinged through its Child SAs every {@code pingMillis} for 10 s: the
 *       baseline gap of this (loaded) machine;</li>
 *   <li>{@code POST /api/v1/rebalance}; until the members are even: the time (three views: the
 *       clients' own SAs, the members' {@code ikebana_cluster_sa_transfers_total{kind="moved_in"}},
 *       and {@code GET /api/v1/members}, whose counts the member directory refreshes every 5 s),
 *       the grid traffic (bytes of the TCP connections on the Hazelcast port, from {@code ss -tin},
 *       both directions), each member's CPU time, and the sample's gaps;</li>
 *   <li>checks: no re-authentication, no SA lost, every SA the same IKE SA (SPIs), every sample
 *       SA answers, the clients' view of who serves them agrees with the grid.</li>
 * </ol>
 *
 * <pre>
 * mvn -B -q package -DskipTests
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx3g -cp target/test-classes:target/classes:$(cat target/cp.txt) io.ikebana.bench.RebalanceBench \
 *     [sas=10000] [clients=20] [sample=50] [pingMillis=20]
 * </pre>
 * Properties: {@code -Dgw.heap=768m} (gateway JVMs; the test harness uses 256m),
 * {@code -Dhosts=127.0.5.1,127.0.5.2,127.0.5.3}, {@code -Dclients.net=127.0.6.} (client sources),
 * {@code -Dike.port=15600} (NAT-T and TCP: + 1), {@code -Dadmin.port=18480}.
 */
public final class RebalanceBench {
    static final String PSK = "rebalance-bench-psk-0123456789";
    static final String TOKEN = "rebalance-bench-admin-token";
    static final Pattern MOVED_IN = Pattern.compile(
            "^ikebana_cluster_sa_transfers_total\\{kind=\"moved_in\",?\\} ([0-9.E+]+)$", Pattern.MULTILINE);

    final int sas;
    final int clientCount;
    final int sampleSize;
    final int pingMillis;
    final String[] hosts = System.getProperty("hosts", "127.0.5.1,127.0.5.2,127.0.5.3").split(",");
    final int ikePort = Integer.getInteger("ike.port", 15600);
    final int adminPort = Integer.getInteger("admin.port", 18480);
    final String heap = System.getProperty("gw.heap", "768m");
    final Path dir;
    final GatewayProcess[] gws = new GatewayProcess[3];
    final List<AdminClient> admins = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    final List<IkeClient> clients = new ArrayList<>();
    final AtomicInteger handshakes = new AtomicInteger();
    final AtomicInteger deletes = new AtomicInteger();
    int hzPort;

    RebalanceBench(int sas, int clients, int sample, int pingMillis) throws IOException {
        this.sas = sas;
        this.clientCount = clients;
        this.sampleSize = sample;
        this.pingMillis = pingMillis;
        this.dir = Path.of("target/rebalance-bench", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(dir);
    }

    public static void main(String[] args) throws Exception {
        int sas = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int sample = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int ping = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        RebalanceBench b = new RebalanceBench(sas, clients, sample, ping);
        Vertx vertx = Vertx.vertx();
        try {
            b.run(vertx);
        } finally {
            for (IkeClient c : b.clients) {
                c.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            for (GatewayProcess g : b.gws) {
                if (g != null) {
                    g.close();
                }
            }
        }
    }

    void run(Vertx vertx) throws Exception {
        log("BENCHMARK RebalanceBench: %d SAs, %d client sockets, sample %d pinged every %d ms, gateway heap %s, "
                + "java %s, %d cpus, load %s, dir %s", sas, clientCount, sampleSize, pingMillis, heap,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim(), dir);
        writeConfigs();
        for (int i = 0; i < 3; i++) {
            admins.add(new AdminClient(hosts[i] + ":" + adminPort, TOKEN));
        }
        // 1. gw1 alone, all SAs on it
        gws[0] = start(0);
        connectAll(vertx);
        // 2. gw2 and gw3 join
        long tj = System.nanoTime();
        gws[1] = start(1);
        gws[2] = start(2);
        for (GatewayProcess g : gws) {
            g.awaitLog(Duration.ofSeconds(120), l -> l.contains("Members {size:3"));
        }
        int[] dirCounts = awaitDirectory(Duration.ofSeconds(60), c -> c[0] + c[1] + c[2] == sas && c[1] == 0);
        log("gw2 and gw3 joined; directory %s after %.1f s; waiting 5 s for partition migration to settle",
                Arrays.toString(dirCounts), (System.nanoTime() - tj) / 1e9);
        Thread.sleep(5000);

        // 3. the sample and its baseline gaps
        List<Sa> all = allSas();
        Map<Long, Long> spiRBefore = new HashMap<>();
        for (Sa s : all) {
            spiRBefore.put(s.sa.localSpi(), s.sa.spiR());
        }
        List<Sa> sample = new ArrayList<>(all);
        Collections.shuffle(sample, new Random(42));
        sample = new ArrayList<>(sample.subList(0, Math.min(sampleSize, sample.size())));
        Pinger pinger = new Pinger(sample, pingMillis);
        pinger.start();
        Thread.sleep(1000);
        pinger.reset();
        // the baseline polls the members as the rebalance loop below does (/metrics of each every
        // 250 ms, GET /members every second), so its grid traffic is what observing alone costs
        long[] quiet0 = gridBytes();
        long q0 = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            Thread.sleep(250);
            movedIn();
            if (i % 4 == 3) {
                directory();
            }
        }
        long[] quiet1 = gridBytes();
        double quietSeconds = (System.nanoTime() - q0) / 1e9;
        long[] baseline = pinger.reset();
        int handshakesBefore = handshakes.get();

        // 4. rebalance
        long[] grid0 = gridBytes();
        long[] cpu0 = cpuTicks();
        double[] moved0 = movedIn();
        long t0 = System.nanoTime();
        AdminClient.Reply r = admins.get(1).post("/api/v1/rebalance", null);
        if (r.status() != 202) {
            throw new IllegalStateException("rebalance: " + r.status() + " " + r.body());
        }
        long planned = r.body().get("moves").asLong();
        log("rebalance accepted by gw2: %s", r.body());
        double clientEven = -1;
        double transfersDone = -1;
        double directoryEven = -1;
        long lastDirPoll = 0;
        int[] counts = new int[3];
        long end = t0 + TimeUnit.SECONDS.toNanos(Math.max(180, planned / 20));
        List<String> series = new ArrayList<>();
        while (System.nanoTime() < end) {
            Thread.sleep(250);
            double t = (System.nanoTime() - t0) / 1e9;
            int[] byClient = clientView();
            double[] moved = movedIn();
            double movedTotal = moved[0] + moved[1] + moved[2] - moved0[0] - moved0[1] - moved0[2];
            if (clientEven < 0 && even(byClient)) {
                clientEven = t;
            }
            if (transfersDone < 0 && movedTotal >= planned) {
                transfersDone = t;
            }
            if (System.nanoTime() - lastDirPoll > 1_000_000_000L) {
                lastDirPoll = System.nanoTime();
                counts = directory();
                if (directoryEven < 0 && even(counts)) {
                    directoryEven = t;
                }
                series.add(String.format(Locale.ROOT, "t=%5.1fs clients %s moved_in %.0f directory %s", t,
                        Arrays.toString(byClient), movedTotal, Arrays.toString(counts)));
                System.out.println(series.get(series.size() - 1));
            }
            if (clientEven >= 0 && transfersDone >= 0 && directoryEven >= 0) {
                break;
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] grid1 = gridBytes();
        long[] cpu1 = cpuTicks();
        // the tail: every moved SA's new Child SAs have had time to carry pings
        Thread.sleep(5000);
        long[] gaps = pinger.reset();
        pinger.stop();

        // 5. checks
        List<Sa> after = allSas();
        int sameSa = 0;
        for (Sa s : after) {
            Long before = spiRBefore.get(s.sa.localSpi());
            if (before != null && before == s.sa.spiR()) {
                sameSa++;
            }
        }
        int answered = 0;
        List<CompletableFuture<?>> checks = new ArrayList<>();
        int q = 60_000;
        for (Sa s : sample) {
            checks.add(s.client.ping(s.client.sa(s.sa.localSpi()), Pinger.TARGET, q++, 16)
                    .orTimeout(5, TimeUnit.SECONDS));
        }
        for (CompletableFuture<?> f : checks) {
            try {
                f.get(6, TimeUnit.SECONDS);
                answered++;
            } catch (Exception e) {
                // counted
            }
        }
        int[] finalClient = clientView();
        Thread.sleep(6000);
        int[] finalDirectory = directory();
        int[] byAdmin = new int[3];
        for (int i = 0; i < 3; i++) {
            byAdmin[i] = admins.get(0).sasOwnedBy("gw" + (i + 1));
        }

        // report
        long gridTotal = grid1[0] - grid0[0];
        System.out.println();
        System.out.println("RESULT");
        log("SAs: %d established before; %d after (client side), %d of them the same IKE SA (SPIs); re-authentications "
                + "during the rebalance: %d; client-side SA deletes: %d", spiRBefore.size(), after.size(), sameSa,
                handshakes.get() - handshakesBefore, deletes.get());
        log("planned moves: %d; pacing: 200 moves/s (Gateway.MOVES_PER_SECOND) = %.1f s to hand them out", planned,
                planned / 200.0);
        log("even (each member within 1%% of %d): clients' view after %s s, moved_in counters = planned after %s s, "
                + "GET /members after %s s (directory refreshed every 5 s); loop ended after %.1f s", sas / 3,
                fmt(clientEven), fmt(transfersDone), fmt(directoryEven), elapsed);
        log("final: clients %s, directory %s, owner index (GET /sas?member=) %s", Arrays.toString(finalClient),
                Arrays.toString(finalDirectory), Arrays.toString(byAdmin));
        log("grid traffic during the rebalance (Hazelcast port %d, all member connections, both directions): %.1f MB "
                + "in %d connections = %.0f B per planned move", hzPort, gridTotal / 1e6, grid1[1],
                planned == 0 ? 0.0 : gridTotal / (double) planned);
        log("grid traffic during the 10 s baseline (no moves, the same polling): %.1f MB in %.1f s = %.0f kB/s; "
                + "the rebalance less that rate: %.0f B per planned move", (quiet1[0] - quiet0[0]) / 1e6, quietSeconds,
                (quiet1[0] - quiet0[0]) / quietSeconds / 1e3, planned == 0 ? 0.0
                        : Math.max(0, gridTotal - (quiet1[0] - quiet0[0]) / quietSeconds * elapsed) / planned);
        log("gateway CPU during the rebalance: gw1 %.1f s, gw2 %.1f s, gw3 %.1f s (of %.1f s wall)",
                (cpu1[0] - cpu0[0]) / 100.0, (cpu1[1] - cpu0[1]) / 100.0, (cpu1[2] - cpu0[2]) / 100.0, elapsed);
        log("client gap (largest interval between two answered pings of one SA; pings every %d ms, %d SAs):",
                pingMillis, sample.size());
        log("  baseline, 10 s without rebalance: %s", summary(baseline, null, null));
        Map<Long, String> finalRemote = new HashMap<>();
        for (Sa s : sample) {
            finalRemote.put(s.sa.localSpi(), s.client.sa(s.sa.localSpi()).remote().getAddress().getHostAddress());
        }
        boolean[] moved = new boolean[sample.size()];
        for (int i = 0; i < sample.size(); i++) {
            moved[i] = !finalRemote.get(sample.get(i).sa.localSpi()).equals(hosts[0]);
        }
        log("  during the rebalance + 5 s, moved SAs: %s", summary(gaps, moved, true));
        log("  during the rebalance + 5 s, SAs that stayed on gw1: %s", summary(gaps, moved, false));
        log("  sample SAs answering a ping at the end: %d of %d", answered, sample.size());
        log("  lost pings: %d of %d sent", pinger.lost(), pinger.sent());
        for (int i = 0; i < 3; i++) {
            log("gw%d log: %d WARNING, %d SEVERE lines", i + 1, gws[i].count("WARNING"), gws[i].count("SEVERE"));
        }
        Files.write(dir.resolve("series.txt"), series);
    }

    static String fmt(double t) {
        return t < 0 ? "never" : String.format(Locale.ROOT, "%.1f", t);
    }

    static String summary(long[] gapsNanos, boolean[] moved, Boolean which) {
        List<Long> v = new ArrayList<>();
        for (int i = 0; i < gapsNanos.length; i++) {
            if (which == null || moved[i] == which) {
                v.add(gapsNanos[i] / 1_000_000);
            }
        }
        if (v.isEmpty()) {
            return "none";
        }
        Collections.sort(v);
        return String.format(Locale.ROOT, "%d SAs, per-SA largest gap (ms): min %d, median %d, p90 %d, max %d",
                v.size(), v.get(0), v.get(v.size() / 2), v.get(Math.min(v.size() - 1, (int) Math.ceil(v.size() * 0.9) - 1)),
                v.get(v.size() - 1));
    }

    boolean even(int[] c) {
        int target = sas / 3;
        for (int x : c) {
            if (Math.abs(x - target) > Math.max(1, sas / 100)) {
                return false;
            }
        }
        return true;
    }

    void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    // ------------------------------------------------------------------ cluster

    void writeConfigs() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(hosts[0]))) {
            hzPort = s.getLocalPort();
        }
        Files.writeString(dir.resolve("hazelcast.yaml"), LocalClusterFiles.hazelcastYaml(
                "rebalance-bench-" + dir.getFileName(), List.of(hosts), hzPort, 10));
        LocalClusterFiles.writeClusterKey(dir.resolve("cluster.key"), new SecureRandom());
        Files.writeString(dir.resolve("admin.token"), TOKEN);
    }

    GatewayProcess start(int i) {
        // minimumClusterSize 1: gw1 serves alone before the others join (a 3-member production
        // cluster would use 2; it does not change how moves work)
        String yaml = """
                node: {name: gw%1$d}
                listen: {addresses: [%2$s], ikePort: %3$d, nattPort: %4$d}
                identity: {id: gw.ikebana.test, auth: psk}
                ike: {dpd: 0, ikeRekey: 0, childRekey: 0}
                peers:
                  - {name: clients, remoteId: "%%any", auth: psk, psk: %5$s, pools: [pool4], localTs: [10.99.200.0/24]}
                pools: [{name: pool4, cidr: 10.96.0.0/12}]
                dataplane: {backend: memory}
                admin: {enabled: true, address: %2$s, port: %6$d, token: {file: ../admin.token}}
                cluster:
                  hazelcast: ../hazelcast.yaml
                  memberAddress: %2$s:%7$d
                  keys: [{id: 1, key: {file: ../cluster.key}}]
                  minimumClusterSize: 1
                dos: {enabled: false}
                """.formatted(i + 1, hosts[i], ikePort, ikePort + 1, PSK, adminPort, hzPort);
        return GatewayProcess.start(dir.resolve("gw" + (i + 1)), yaml, "-Xmx" + heap);
    }

    int[] directory() {
        int[] n = new int[3];
        JsonNode body = admins.get(0).get("/api/v1/members").body();
        JsonNode items = body.isArray() ? body : body.get("items");
        for (JsonNode m : items) {
            String name = m.get("name").asText();
            int i = Integer.parseInt(name.substring(2)) - 1;
            n[i] = m.get("ikeSas").asInt();
        }
        return n;
    }

    int[] awaitDirectory(Duration max, java.util.function.Predicate<int[]> ok) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        int[] c = directory();
        while (!ok.test(c) && System.nanoTime() < end) {
            Thread.sleep(500);
            c = directory();
        }
        return c;
    }

    /** moved_in counters of the three members. */
    double[] movedIn() throws Exception {
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://" + hosts[i] + ":" + adminPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = MOVED_IN.matcher(body);
            if (m.find()) {
                v[i] = Double.parseDouble(m.group(1));
            }
        }
        return v;
    }

    long[] cpuTicks() {
        long[] t = new long[3];
        for (int i = 0; i < 3; i++) {
            t[i] = EspWireBench.cpuTicks(gws[i].pid());
        }
        return t;
    }

    /**
     * {total bytes, connections}: bytes sent + received of every TCP socket whose local end is a
     * member's Hazelcast address (the accepting side of each member-to-member connection; the
     * connecting side has an ephemeral port and is not counted, so each connection counts once).
     */
    long[] gridBytes() throws Exception {
        Process p = new ProcessBuilder("ss", "-tinH", "state", "established", "sport", "=", ":" + hzPort)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor(10, TimeUnit.SECONDS);
        long total = 0;
        long conns = 0;
        boolean ours = false;
        for (String line : out.split("\n")) {
            if (!line.startsWith(" ") && !line.startsWith("\t")) {
                ours = false;
                for (String h : hosts) {
                    // Java's sockets are dual-stack: ss shows [::ffff:127.0.5.1]:PORT, not 127.0.5.1:PORT
                    if (line.contains(" " + h + ":" + hzPort + " ") || line.contains(" [::ffff:" + h + "]:" + hzPort + " ")) {
                        ours = true;
                    }
                }
                if (ours) {
                    conns++;
                }
                continue;
            }
            if (ours) {
                total += field(line, "bytes_sent:") + field(line, "bytes_received:");
            }
        }
        return new long[] {total, conns};
    }

    static long field(String line, String name) {
        int i = line.indexOf(name);
        if (i < 0) {
            return 0;
        }
        int j = i + name.length();
        int k = j;
        while (k < line.length() && Character.isDigit(line.charAt(k))) {
            k++;
        }
        return Long.parseLong(line.substring(j, k));
    }

    // ------------------------------------------------------------------ clients

    record Sa(IkeClient client, IkeSa sa) {
    }

    void connectAll(Vertx vertx) throws Exception {
        String net = System.getProperty("clients.net", "127.0.6.");
        for (int i = 0; i < clientCount; i++) {
            IkeClient c = new IkeClient(options(new InetSocketAddress(hosts[0], ikePort),
                    InetAddress.getByName(net + (i + 1))), vertx);
            c.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            c.addListener(new EngineListener() {
                @Override
                public void established(IkeSa sa) {
                    handshakes.incrementAndGet();
                }

                @Override
                public void deleted(IkeSa sa, String reason) {
                    deletes.incrementAndGet();
                }
            });
            clients.add(c);
        }
        Semaphore inFlight = new Semaphore(32);
        AtomicLong failed = new AtomicLong();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.SECONDS.toNanos(Math.max(300, sas / 20));
        for (int i = 0; i < sas && System.nanoTime() < end; i++) {
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("handshakes stuck at " + i);
            }
            clients.get(i % clients.size()).connect().whenComplete((sa, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(32, 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("handshakes did not finish");
        }
        inFlight.release(32);
        // connect() may complete before the listener has counted the last "established"
        long counted = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handshakes.get() + failed.get() < sas && System.nanoTime() < counted) {
            Thread.sleep(10);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        log("established %d IKE SAs on gw1 in %.1f s (%.0f/s), %d failed", handshakes.get(), s, handshakes.get() / s,
                failed.get());
        if (failed.get() > 0 || handshakes.get() < sas) {
            throw new IllegalStateException("not all SAs established: " + handshakes.get() + " of " + sas);
        }
        // every SA has its Child SA before we start
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (allSas().stream().anyMatch(x -> x.sa.children().isEmpty()) && System.nanoTime() < until) {
            Thread.sleep(200);
        }
    }

    List<Sa> allSas() {
        List<Sa> out = new ArrayList<>();
        for (IkeClient c : clients) {
            for (IkeSa sa : c.sas()) {
                out.add(new Sa(c, sa));
            }
        }
        return out;
    }

    /** IKE SAs per member as the clients see them (the address their SA talks to). */
    int[] clientView() {
        int[] n = new int[3];
        for (IkeClient c : clients) {
            for (IkeSa sa : c.sas()) {
                String a = sa.remote().getAddress().getHostAddress();
                for (int i = 0; i < 3; i++) {
                    if (a.equals(hosts[i])) {
                        n[i]++;
                    }
                }
            }
        }
        return n;
    }

    static ClientOptions options(InetSocketAddress gw, InetAddress src) {
        EngineConfig.Timers t = new EngineConfig.Timers(0, 0, 0, 30_000, 1000, 1.5, 8, 0);
        return new ClientOptions(gw, new InetSocketAddress(src, 0), Identity.parse("bench@ikebana.test"),
                Identity.parse("gw.ikebana.test"), Secret.wrap(PSK.getBytes(StandardCharsets.UTF_8)), null, null,
                List.of(), AuthMethod.PSK, List.of(CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false)),
                List.of(CryptoProposal.parse("aes256gcm16", true)), true,
                List.of(TrafficSelector.ofSubnet(EspWireBench.addr("10.99.200.0"), 24)), t, false);
    }

    /**
     * Pings each sample SA through its current Child SA every {@code period} ms and keeps, per SA,
     * the largest interval between two answers since the last {@link #reset}.
     */
    static final class Pinger {
        static final Inet4Address TARGET = (Inet4Address) EspWireBench.addr("10.99.200.1");
        private final List<Sa> sample;
        private final int period;
        private final long[] lastOk;
        private final long[] maxGap;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong answered = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        Pinger(List<Sa> sample, int period) {
            this.sample = sample;
            this.period = period;
            this.lastOk = new long[sample.size()];
            this.maxGap = new long[sample.size()];
            Arrays.fill(lastOk, System.nanoTime());
            this.thread = new Thread(this::loop, "pinger");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void loop() {
            int seq = 0;
            // bounded: at most an hour of pinging
            long end = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
            while (running && System.nanoTime() < end) {
                seq++;
                for (int i = 0; i < sample.size(); i++) {
                    int idx = i;
                    Sa s = sample.get(i);
                    IkeSa now = s.client.sa(s.sa.localSpi());
                    if (now == null) {
                        continue;
                    }
                    sent.incrementAndGet();
                    s.client.ping(now, TARGET, seq, 16).orTimeout(5, TimeUnit.SECONDS).thenRun(() -> {
                        answered.incrementAndGet();
                        long t = System.nanoTime();
                        synchronized (maxGap) {
                            maxGap[idx] = Math.max(maxGap[idx], t - lastOk[idx]);
                            lastOk[idx] = t;
                        }
                    });
                }
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The largest gaps per SA since the last reset (including the time since its last answer). */
        long[] reset() {
            long now = System.nanoTime();
            synchronized (maxGap) {
                long[] out = new long[maxGap.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Math.max(maxGap[i], now - lastOk[i]);
                }
                Arrays.fill(maxGap, 0);
                return out;
            }
        }

        long sent() {
            return sent.get();
        }

        long lost() {
            return sent.get() - answered.get();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
