package io.ikebana.bench;

import io.ikebana.client.ClientOptions;
import io.ikebana.client.IkeClient;
import io.ikebana.crypto.Secret;
import io.ikebana.esp.ChildSaListener;
import io.ikebana.esp.EspChildSaInstaller;
import io.ikebana.esp.EspConfig;
import io.ikebana.esp.EspDataPlane;
import io.ikebana.esp.NoopEspMetrics;
import io.ikebana.esp.io.Icmp;
import io.ikebana.esp.io.MemoryPacketIo;
import io.ikebana.ike.ChildSaInstaller;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.testing.GatewayProcess;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark main (not a test): ESP through the gateway's in-memory data plane over real UDP
 * sockets on loopback. The gateway is the real {@code target/ikebana.jar} in its own JVM (so its
 * CPU time can be read from {@code /proc/PID/stat}, as for charon in
 * {@code src/test/bench/esp-libipsec-bench.sh}); our client ({@link IkeClient}) in this JVM
 * negotiates one IKE SA with one Child SA, and a generator thread encrypts inner packets with the
 * client's Child SA and sends them from a plain {@link DatagramChannel} as fast as it can (or at
 * {@code -Drate=} packets/s), for a bounded time per packet size.
 *
 * <ul>
 *   <li><b>decrypt</b>: UDP packets of S octets to 10.99.200.1; the gateway decrypts them and its
 *       in-memory "network" counts and drops them. Gateway work per packet: one datagram read,
 *       classification, SPI lookup, replay check, AES-GCM open, selector check.</li>
 *   <li><b>echo</b>: ICMP echo requests of S octets; the gateway decrypts, answers and encrypts the
 *       reply back to the client (whose socket drops it unread by the data plane). Gateway work:
 *       the decrypt path plus one AES-GCM seal and one datagram write.</li>
 * </ul>
 *
 * Throughput is counted by the gateway itself ({@code ikebana_esp_bytes_total} from its
 * {@code /metrics}: inner octets), CPU from {@code /proc/PID/stat} (user + system, all threads:
 * event loop, GC, JIT, Hazelcast). "Gbit/s per core" = inner bits / gateway CPU-seconds; also per
 * CPU-second of the Vert.x event loop thread alone (receive, classify, decrypt, answer), from
 * {@code /proc/PID/task/*}{@code /stat}. Echo counts the inner bits of both directions.
 *
 * <pre>
 * mvn -B -q package -DskipTests
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * taskset -c 1 java -Xmx1g -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     -Dgw.cpus=0 io.ikebana.bench.EspWireBench [seconds] [sizes] [modes]
 * </pre>
 *
 * Properties: {@code -Dhost=127.0.5.11} (gateway; the client uses host + 1), {@code -Dport=25500}
 * (IKE; NAT-T = port + 1, admin = port + 2), {@code -Desp=aes128gcm16}, {@code -Drate=0}
 * (packets/s, 0 = unpaced), {@code -Dgw.cpus=} (taskset CPU list for the gateway, empty = none),
 * {@code -Dwarmup=5} (seconds per size and mode before measuring), {@code -Dgw.heap=1g}, {@code -Dgw.jvm=} (extra JVM flags for the gateway, space separated, e.g.
 * a JFR recording).
 */
public final class EspWireBench {
    static final String PSK = "esp-wire-bench-psk-0123456789";
    static final String TOKEN = "esp-wire-bench-token";
    static final Pattern METRIC = Pattern.compile(
            "^ikebana_esp_(bytes|packets)_total\\{direction=\"(inbound|outbound)\",?\\} ([0-9.E+]+)$",
            Pattern.MULTILINE);

    private EspWireBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] sizes = parseSizes(args.length > 1 ? args[1] : "64,512,1400");
        String[] modes = (args.length > 2 ? args[2] : "decrypt,echo").split(",");
        String host = System.getProperty("host", "127.0.5.11");
        InetAddress gwAddr = InetAddress.getByName(host);
        byte[] c = gwAddr.getAddress();
        c[3]++;
        InetAddress clientAddr = InetAddress.getByAddress(c);
        int port = Integer.getInteger("port", 25500);
        String esp = System.getProperty("esp", "aes128gcm16");
        long rate = Long.getLong("rate", 0);
        int warmup = Integer.getInteger("warmup", 5);

        Path dir = Path.of("target/esp-wire-bench", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("gateway.yaml"), """
                node: {name: espbench}
                listen: {addresses: [%1$s], ikePort: %2$d, nattPort: %3$d, tcpPort: 0}
                identity: {id: gw.ikebana.test, auth: psk}
                ike: {proposals: [aes256gcm16-prfsha256-x25519], espProposals: [%5$s], dpd: 0, ikeRekey: 0, childRekey: 0}
                peers:
                  - {name: c, remoteId: "%%any", auth: psk, psk: %6$s, pools: [pool4], localTs: [10.99.200.0/24]}
                pools: [{name: pool4, cidr: 10.96.0.0/12}]
                dataplane: {backend: memory, replayWindow: 1024}
                admin: {enabled: true, address: %1$s, port: %4$d, token: %7$s}
                dos: {enabled: false}
                """.formatted(host, port, port + 1, port + 2, esp, PSK, TOKEN));
        System.out.printf(Locale.ROOT, "BENCHMARK EspWireBench: %d s per size, sizes %s, modes %s, esp %s, rate %s, "
                + "java %s, %d cpus, load %s%n", seconds, args.length > 1 ? args[1] : "64,512,1400",
                String.join(",", modes), esp, rate == 0 ? "unpaced" : rate + "/s", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());

        Process gw = startGateway(dir);
        Vertx vertx = Vertx.vertx();
        List<String> rows = new ArrayList<>();
        try (Generator gen = new Generator(new InetSocketAddress(clientAddr, 0))) {
            awaitLog(gw, dir.resolve("gateway.log"), "listening on", Duration.ofSeconds(60));
            IkeClient client = new IkeClient(options(new InetSocketAddress(gwAddr, port), clientAddr, esp), vertx,
                    gen.installer);
            client.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            IkeSa sa = client.connect().get(30, TimeUnit.SECONDS);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.sa(sa.localSpi()).children().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            Inet4Address vip = null;
            for (InetAddress v : client.sa(sa.localSpi()).virtualIps()) {
                vip = (Inet4Address) v;
            }
            Inet4Address target = (Inet4Address) InetAddress.getByName("10.99.200.1");
            Metrics m = new Metrics(host, port + 2, gw.pid());
            // warm-up: JIT of both sides on every size and mode
            for (String mode : modes) {
                for (int size : sizes) {
                    gen.run(packet(mode, vip, target, size), warmup, rate);
                }
            }
            Thread.sleep(500);
            Sample idle0 = m.sample();
            Thread.sleep(3000);
            Sample idle1 = m.sample();
            System.out.printf(Locale.ROOT, "gateway CPU without traffic after the warm-up (3 s): %.3f cores (%s)%n",
                    (idle1.cpuTicks - idle0.cpuTicks) / 100.0 / ((idle1.nanos - idle0.nanos) / 1e9),
                    threadShares(idle0.threads, idle1.threads, (idle1.nanos - idle0.nanos) / 1e9));
            for (String mode : modes) {
                for (int size : sizes) {
                    Sample before = m.sample();
                    long sent = gen.run(packet(mode, vip, target, size), seconds, rate);
                    Thread.sleep(300);
                    Sample after = m.sample();
                    rows.add(row(mode, size, sent, before, after));
                    System.out.println(rows.get(rows.size() - 1) + " gateway threads (cores): "
                            + threadShares(before.threads, after.threads, (after.nanos - before.nanos) / 1e9));
                }
            }
            client.close();
        } finally {
            gw.destroy();
            if (!gw.waitFor(10, TimeUnit.SECONDS)) {
                gw.destroyForcibly();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.out.println();
        System.out.println("| mode | inner size (B) | sent (kpps) | gateway decrypted (kpps) | gateway encrypted (kpps) "
                + "| inner Gbit/s (wall) | gateway CPU (cores) | inner Gbit/s per gateway CPU-second "
                + "| event loop CPU (cores) | inner Gbit/s per event-loop CPU-second | lost |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    static String row(String mode, int size, long sent, Sample a, Sample b) {
        double wall = (b.nanos - a.nanos) / 1e9;
        double cpu = (b.cpuTicks - a.cpuTicks) / 100.0;
        double inPkts = b.inPackets - a.inPackets;
        double outPkts = b.outPackets - a.outPackets;
        // decrypt: bits decrypted; echo: bits decrypted + bits encrypted (both directions' inner octets)
        double bits = 8 * ((b.inBytes - a.inBytes) + (mode.equals("echo") ? b.outBytes - a.outBytes : 0));
        double lost = sent == 0 ? 0 : 1 - inPkts / sent;
        // the event loop (Linux truncates thread names to 15 characters) receives, decrypts, answers
        double loop = 0;
        for (java.util.Map.Entry<String, Long> e : b.threads.entrySet()) {
            if (e.getKey().startsWith("vert.x-eventloo")) {
                loop += (e.getValue() - a.threads.getOrDefault(e.getKey(), 0L)) / 100.0;
            }
        }
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f %% |",
                mode, size, sent / wall / 1e3, inPkts / wall / 1e3, outPkts / wall / 1e3, bits / wall / 1e9, cpu / wall,
                cpu == 0 ? 0 : bits / cpu / 1e9, loop / wall, loop == 0 ? 0 : bits / loop / 1e9, 100 * lost);
    }

    static byte[] packet(String mode, Inet4Address src, Inet4Address dst, int size) {
        if (mode.equals("echo")) {
            return Icmp.echoRequest(src, dst, 7, 1, size - 28);
        }
        byte[] p = new byte[size];
        p[0] = 0x45;
        p[2] = (byte) (size >> 8);
        p[3] = (byte) size;
        p[8] = 64;
        p[9] = 17;
        System.arraycopy(src.getAddress(), 0, p, 12, 4);
        System.arraycopy(dst.getAddress(), 0, p, 16, 4);
        p[20] = (byte) 0xc3;
        p[21] = 0x50;
        p[22] = 0x13;
        p[23] = (byte) 0x89;
        p[24] = (byte) ((size - 20) >> 8);
        p[25] = (byte) (size - 20);
        return p;
    }

    static int[] parseSizes(String s) {
        String[] f = s.split(",");
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Integer.parseInt(f[i]);
        }
        return out;
    }

    static Process startGateway(Path dir) throws IOException {
        List<String> cmd = new ArrayList<>();
        String cpus = System.getProperty("gw.cpus", "");
        if (!cpus.isEmpty()) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + System.getProperty("gw.heap", "1g"));
        for (String a : System.getProperty("gw.jvm", "").split(" ")) {
            if (!a.isBlank()) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-jar", GatewayProcess.jar().toString(), "gateway", "--config",
                dir.resolve("gateway.yaml").toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile())
                .start();
    }

    static void awaitLog(Process p, Path log, String needle, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            String l = Files.exists(log) ? Files.readString(log) : "";
            if (l.contains(needle)) {
                return;
            }
            if (!p.isAlive() || System.nanoTime() > end) {
                throw new IllegalStateException("gateway did not start:\n" + l);
            }
            Thread.sleep(50);
        }
    }

    static ClientOptions options(InetSocketAddress gw, InetAddress bind, String esp) {
        EngineConfig.Timers t = new EngineConfig.Timers(0, 0, 0, 30_000, 2000, 1.8, 5, 0);
        return new ClientOptions(gw, new InetSocketAddress(bind, 0), Identity.parse("bench@ikebana.test"),
                Identity.parse("gw.ikebana.test"), Secret.wrap(PSK.getBytes(StandardCharsets.US_ASCII)), null, null,
                List.of(), AuthMethod.PSK, List.of(CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false)),
                List.of(CryptoProposal.parse(esp, true)), true,
                List.of(TrafficSelector.ofSubnet(addr("10.99.200.0"), 24)), t, false);
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One reading of the gateway's counters and CPU time. */
    record Sample(long nanos, long cpuTicks, double inBytes, double inPackets, double outBytes, double outPackets,
            java.util.Map<String, Long> threads) {
    }

    /** CPU ticks per thread group of a process (thread names with digits folded: "GC Thread#0" -> "GC Thread#"). */
    static java.util.Map<String, Long> threadTicks(long pid) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (java.io.File t : tasks) {
            try {
                String stat = Files.readString(t.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            } catch (IOException | RuntimeException e) {
                // thread ended meanwhile
            }
        }
        return out;
    }

    static String threadShares(java.util.Map<String, Long> a, java.util.Map<String, Long> b, double wall) {
        List<java.util.Map.Entry<String, Long>> d = new ArrayList<>();
        for (java.util.Map.Entry<String, Long> e : b.entrySet()) {
            long v = e.getValue() - a.getOrDefault(e.getKey(), 0L);
            if (v > 0) {
                d.add(java.util.Map.entry(e.getKey(), v));
            }
        }
        d.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(5, d.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(d.get(i).getKey().trim()).append(' ')
                    .append(String.format(Locale.ROOT, "%.2f", d.get(i).getValue() / 100.0 / wall));
        }
        return sb.toString();
    }

    /** Reads the gateway's {@code /metrics} and {@code /proc/PID/stat}. */
    static final class Metrics {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI uri;
        private final long pid;

        Metrics(String host, int port, long pid) {
            this.uri = URI.create("http://" + host + ":" + port + "/metrics");
            this.pid = pid;
        }

        Sample sample() throws Exception {
            java.util.Map<String, Long> threads = threadTicks(pid);
            long ticks = cpuTicks(pid);
            long now = System.nanoTime();
            String body = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double[] v = new double[4];
            Matcher mt = METRIC.matcher(body);
            while (mt.find()) {
                int i = (mt.group(2).equals("inbound") ? 0 : 2) + (mt.group(1).equals("bytes") ? 0 : 1);
                v[i] = Double.parseDouble(mt.group(3));
            }
            return new Sample(now, ticks, v[0], v[1], v[2], v[3], threads);
        }
    }

    /** utime + stime of a process, in clock ticks (USER_HZ = 100 on Linux). */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat(5); f[0] is field 3
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The client's data plane for the benchmark: Child SAs negotiated by the client are installed
     * here; inner packets injected into its device are encrypted and sent from a plain
     * {@link DatagramChannel} (no event loop in between, so the generator is not the bottleneck).
     */
    static final class Generator implements AutoCloseable {
        final DatagramChannel channel;
        final MemoryPacketIo device = new MemoryPacketIo();
        final EspDataPlane plane;
        final ChildSaInstaller installer;
        private final ByteBuffer out = ByteBuffer.allocateDirect(65536);

        Generator(InetSocketAddress bind) throws IOException {
            channel = DatagramChannel.open();
            channel.bind(bind);
            ChildSaListener quiet = new ChildSaListener() {
                @Override
                public void rekeyNeeded(long owner, int inboundSpi, Reason reason) {
                }

                @Override
                public void expired(long owner, int inboundSpi, Reason reason) {
                }
            };
            plane = new EspDataPlane(EspConfig.defaults(), device, (local, remote, buf, off, len) -> {
                out.clear();
                out.put(buf, off, len).flip();
                try {
                    channel.send(out, remote);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, quiet, new NoopEspMetrics(), System::nanoTime, new SecureRandom());
            plane.start();
            installer = new EspChildSaInstaller(plane, new SecureRandom(), 1024);
        }

        /** Sends {@code packet} through the Child SA for {@code seconds}; returns how many were sent. */
        long run(byte[] packet, int seconds, long rate) {
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long n = 0;
            while (true) {
                for (int i = 0; i < 64; i++) {
                    device.inject(packet, 0, packet.length);
                }
                n += 64;
                long now = System.nanoTime();
                if (now >= end) {
                    return n;
                }
                if (rate > 0) {
                    long due = start + n * 1_000_000_000L / rate;
                    if (due > now) {
                        LockSupport.parkNanos(due - now);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            plane.close();
            channel.close();
        }
    }
}
