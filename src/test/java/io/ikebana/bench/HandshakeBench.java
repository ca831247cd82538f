package io.ikebana.bench;

import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.EngineListener;
import io.ikebana.ike.IkeSa;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-process handshake benchmark (not a test): our client engine and our gateway engine on the
 * in-memory loopback, {@code n} IKE SAs with PSK + x25519 + AES-GCM and a virtual IP, 32 in
 * flight. Prints IKE SAs per second and CPU microseconds per IKE SA (both sides together).
 * Run: java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.ikebana.bench.HandshakeBench 5000
 */
public final class HandshakeBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        EngineConfig.Timers t = new EngineConfig.Timers(0, 0, 0, 30_000, 2000, 1.8, 5, 0);
        try (var nodes = io.ikebana.ike.BenchNodes.create(t)) {
            for (int round = 0; round < 2; round++) {
                Semaphore inFlight = new Semaphore(32);
                AtomicInteger done = new AtomicInteger();
                nodes.client().addListener(new EngineListener() {
                    @Override
                    public void established(IkeSa sa) {
                        done.incrementAndGet();
                        inFlight.release();
                    }

                    @Override
                    public void handshakeFailed(long spi, String reason) {
                        inFlight.release();
                    }
                });
                long cpu0 = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    inFlight.acquire();
                    nodes.connect();
                }
                inFlight.acquire(32);
                long wall = System.nanoTime() - t0;
                long cpu = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime() - cpu0;
                System.out.printf("round %d: %d SAs in %.2f s = %.0f/s, CPU %.0f us per SA (client+gateway)%n", round,
                        done.get(), wall / 1e9, done.get() / (wall / 1e9), cpu / 1e3 / Math.max(1, done.get()));
                nodes.reset();
            }
        }
    }
}
