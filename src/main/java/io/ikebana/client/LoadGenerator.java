package io.ikebana.client;

import io.ikebana.ike.IkeSa;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Many legitimate clients: {@code total} IKE SAs from a set of source addresses (one socket
 * each), at most {@code concurrency} handshakes in flight, bounded in time. Reports the success
 * rate and setup-time percentiles.
 */
public final class LoadGenerator implements AutoCloseable {

    public record Result(int requested, int established, int failed, double seconds, long p50Micros,
            long p99Micros) {
        public double successRate() {
            return requested == 0 ? 0 : (double) established / requested;
        }

        @Override
        public String toString() {
            return String.format("legit requested=%d established=%d failed=%d success=%.2f%% seconds=%.2f "
                    + "rate=%.0f/s setup_p50_ms=%.1f setup_p99_ms=%.1f", requested, established, failed,
                    100 * successRate(), seconds, established / Math.max(seconds, 1e-9), p50Micros / 1000.0,
                    p99Micros / 1000.0);
        }
    }

    private final List<IkeClient> clients = new ArrayList<>();

    /** @param options per source address: the options of one client socket */
    public LoadGenerator(Vertx vertx, List<InetAddress> sources, Function<InetAddress, ClientOptions> options,
            boolean puzzles) throws Exception {
        for (InetAddress s : sources) {
            ClientOptions o = options.apply(s);
            TargetGuard.check(o.gateway().getAddress());
            IkeClient c = new IkeClient(o, vertx);
            c.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (puzzles) {
                c.engine().puzzles(new io.ikebana.dos.DosPuzzleSolving(java.time.Clock.systemUTC(),
                        io.ikebana.dos.puzzle.SolveBudget.defaults()));
            }
            clients.add(c);
        }
    }

    public List<IkeClient> clients() {
        return clients;
    }

    public Result run(int total, int concurrency, long maxMillis) throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong ok = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        long[] setup = new long[total];
        long start = System.nanoTime();
        long end = start + maxMillis * 1_000_000L;
        List<CompletableFuture<IkeSa>> all = new ArrayList<>();
        for (int i = 0; i < total && System.nanoTime() < end; i++) {
            if (!inFlight.tryAcquire(Math.max(1, (end - System.nanoTime()) / 1_000_000L), TimeUnit.MILLISECONDS)) {
                break;
            }
            int idx = i;
            long t0 = System.nanoTime();
            CompletableFuture<IkeSa> f = clients.get(i % clients.size()).connect();
            all.add(f);
            f.whenComplete((sa, e) -> {
                if (e == null) {
                    setup[idx] = System.nanoTime() - t0;
                    ok.incrementAndGet();
                } else {
                    bad.incrementAndGet();
                }
                inFlight.release();
            });
        }
        for (CompletableFuture<IkeSa> f : all) {
            try {
                f.get(Math.max(1, (end - System.nanoTime()) / 1_000_000L) + 1, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // counted
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long[] done = Arrays.stream(setup).filter(v -> v > 0).sorted().toArray();
        long p50 = done.length == 0 ? 0 : done[done.length / 2] / 1000;
        long p99 = done.length == 0 ? 0 : done[Math.min(done.length - 1, (int) (done.length * 0.99))] / 1000;
        int requested = total;
        return new Result(requested, (int) ok.get(), requested - (int) ok.get(), secs, p50, p99);
    }

    @Override
    public void close() {
        for (IkeClient c : clients) {
            c.close();
        }
    }

    /** Addresses {@code from..to} (IPv4, inclusive), e.g. 127.0.1.1 .. 127.0.1.50. */
    public static List<InetAddress> range(String from, int count) throws java.net.UnknownHostException {
        long base = 0;
        for (byte b : InetAddress.getByName(from).getAddress()) {
            base = (base << 8) | (b & 0xff);
        }
        List<InetAddress> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long v = base + i;
            out.add(InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}));
        }
        return out;
    }

    static InetSocketAddress any(InetAddress a) {
        return new InetSocketAddress(a, 0);
    }
}
