package io.ikebana.bench;

import io.ikebana.Gateway;
import io.ikebana.client.ClientOptions;
import io.ikebana.client.IkeClient;
import io.ikebana.client.TcpOptions;
import io.ikebana.config.ConfigLoader;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark main (not a test): RFC 9329 TCP encapsulation against UDP on the same machine. One
 * gateway ({@link Gateway}, in-memory data plane answering pings, embedded single-member
 * Hazelcast store) and our client ({@link IkeClient}) in this JVM, on 127.0.0.1/127.0.0.2, real
 * sockets. Measures, per transport: IKE SAs set up per second (IKE_SA_INIT + IKE_AUTH with a Child
 * SA, 32 in flight; in TCP each IKE SA has its own stream), and ESP throughput through one Child
 * SA (ICMP echo of 1400-octet packets, 256 in flight, both directions counted).
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.ikebana.bench.TcpVsUdpBench [SAs] [seconds]
 * </pre>
 */
public final class TcpVsUdpBench {
    static final String PSK = "bench-psk-0123456789";
    static final InetAddress GW = addr("127.0.0.1");
    static final InetAddress CLIENT = addr("127.0.0.2");
    static final int SIZE = 1400;
    static final int WINDOW = Integer.getInteger("window", 256);

    public static void main(String[] args) throws Exception {
        int sas = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("ikb-bench");
        Path cfg = dir.resolve("gw.yaml");
        Files.writeString(cfg, """
                node: {name: bench}
                listen:
                  addresses: [%s]
                  ikePort: 15500
                  nattPort: 15501
                  tcpPort: 15501
                  tcp: {maxStreams: 100000, maxStreamsPerSource: 100000}
                identity: {id: gw.ikebana.test, auth: psk}
                ike: {proposals: [aes256gcm16-prfsha256-x25519], espProposals: [aes256gcm16], dpd: 0, ikeRekey: 0, childRekey: 0}
                peers:
                  - {name: c, remoteId: "%%any", auth: psk, psk: %s, pools: [pool4], localTs: [10.99.200.0/24]}
                pools: [{name: pool4, cidr: 10.96.0.0/12}]
                dataplane: {backend: memory, replayWindow: 1024}
                admin: {enabled: false}
                dos: {enabled: false}
                """.formatted(GW.getHostAddress(), PSK));
        Vertx vertx = Vertx.vertx();
        List<String> rows = new ArrayList<>();
        try (Gateway gw = new Gateway(new ConfigLoader().load(cfg), vertx)) {
            gw.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            for (int round = 0; round < 2; round++) {
                boolean report = round == 1;
                for (boolean tcp : transports()) {
                    String name = tcp ? "TCP" : "UDP";
                    double rate = handshakes(vertx, tcp, round == 0 ? Math.min(sas, 500) : sas, gw);
                    double[] esp = esp(vertx, tcp, round == 0 ? 2 : seconds);
                    if (report) {
                        rows.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |", name, rate, esp[0], esp[1]));
                    }
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.out.println();
        System.out.println("| transport | IKE SAs/s | ESP echo round trips/s | ESP Mbit/s (inner, both directions) |");
        System.out.println("|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** IKE SAs per second over {@code n} handshakes with 32 in flight. */
    static double handshakes(Vertx vertx, boolean tcp, int n, Gateway gw) throws Exception {
        try (IkeClient c = client(vertx, tcp)) {
            Semaphore inFlight = new Semaphore(32);
            AtomicLong failed = new AtomicLong();
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                c.connect().whenComplete((sa, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                    inFlight.release();
                });
            }
            inFlight.acquire(32);
            double wall = (System.nanoTime() - t0) / 1e9;
            double rate = (n - failed.get()) / wall;
            System.out.printf(Locale.ROOT, "%s handshakes: %d in %.2f s = %.0f/s (%d failed), CPU %.0f us per SA%n",
                    tcp ? "TCP" : "UDP", n, wall, rate, failed.get(), (cpu() - cpu0) / 1e3 / n);
            for (IkeSa sa : c.sas()) {
                c.engine().delete(sa.localSpi());
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((!c.sas().isEmpty() || gw.store().size() > 0) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            return rate;
        }
    }

    /** {round trips/s, inner Mbit/s both directions} of 1400-octet pings, WINDOW in flight. */
    static double[] esp(Vertx vertx, boolean tcp, int seconds) throws Exception {
        try (IkeClient c = client(vertx, tcp)) {
            IkeSa sa = c.connect().get(10, TimeUnit.SECONDS);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (c.sas().get(0).children().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            Inet4Address target = (Inet4Address) addr("10.99.200.1");
            Semaphore window = new Semaphore(WINDOW);
            AtomicLong ok = new AtomicLong();
            AtomicLong lost = new AtomicLong();
            long stop = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long t0 = System.nanoTime();
            int seq = 0;
            while (System.nanoTime() < stop) {
                if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
                CompletableFuture<?> f = c.ping(sa, target, seq++, SIZE);
                f.orTimeout(1, TimeUnit.SECONDS).whenComplete((r, e) -> {
                    (e == null ? ok : lost).incrementAndGet();
                    window.release();
                });
            }
            window.acquire(WINDOW);
            double wall = (System.nanoTime() - t0) / 1e9;
            double rtt = ok.get() / wall;
            double mbit = rtt * 2 * SIZE * 8 / 1e6;
            System.out.printf(Locale.ROOT, "%s ESP: %d echoes in %.1f s = %.0f/s, %.0f Mbit/s, %d lost%s%n",
                    tcp ? "TCP" : "UDP", ok.get(), wall, rtt, mbit, lost.get(), tcp ? " " + c.tcpCounters() : "");
            c.engine().delete(c.sas().get(0).localSpi());
            Thread.sleep(200);
            return new double[] {rtt, mbit};
        }
    }

    static IkeClient client(Vertx vertx, boolean tcp) throws Exception {
        EngineConfig.Timers t = new EngineConfig.Timers(0, 0, 0, 30_000, 2000, 1.8, 5, 0);
        ClientOptions o = new ClientOptions(new InetSocketAddress(GW, 15500), new InetSocketAddress(CLIENT, 0),
                Identity.parse("bench@ikebana.test"), Identity.parse("gw.ikebana.test"),
                Secret.wrap(PSK.getBytes(StandardCharsets.US_ASCII)), null, null, List.of(), AuthMethod.PSK,
                List.of(CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false)),
                List.of(CryptoProposal.parse("aes256gcm16", true)), true,
                List.of(TrafficSelector.ofSubnet(addr("10.99.200.0"), 24)), t, false,
                tcp ? TcpOptions.tcp(15501) : TcpOptions.udpOnly());
        IkeClient c = new IkeClient(o, vertx);
        c.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return c;
    }

    /** {@code -Dtransports=udp|tcp|both} (default both). */
    static boolean[] transports() {
        String t = System.getProperty("transports", "both");
        return t.equals("udp") ? new boolean[] {false} : t.equals("tcp") ? new boolean[] {true} : new boolean[] {false, true};
    }

    static long cpu() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
