package io.ikebana.admin;

import io.ikebana.metrics.GatewayMetrics;
import io.ikebana.metrics.StateSampler;
import io.ikebana.policy.AddressPools;
import io.ikebana.store.SaStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The operating surfaces of one node, wired: the admin server (REST API, health, metrics) and the
 * sampler of the gauges too expensive to compute per scrape. The {@link ClusterControl} and
 * {@link DosControl} default to the single node's and to "no guard"; the cluster and the DoS
 * wiring replace them with {@link #cluster(ClusterControl)} and {@link #dos(DosControl)} before
 * {@link #start}.
 */
public final class Operations {
    private static final Logger LOG = Logger.getLogger(Operations.class.getName());
    /** How often the sampled gauges are refreshed, at most. */
    public static final long SAMPLE_MILLIS = 5_000;
    /**
     * The sample's counts grow with the grid (each pool's leases are counted where they are): the
     * next sample waits this many times the CPU time the last one took on its worker, so that
     * sampling stays near 1 % of a core however many SAs and leases there are (at 35,000 leases a
     * sample takes some 40–100 ms: one every 5–10 s). {@code ikebana_metrics_sample_timestamp_seconds} tells how fresh
     * the gauges are.
     */
    static final int SAMPLE_DUTY_FACTOR = 100;
    /** The longest wait between two samples. */
    static final long SAMPLE_MAX_MILLIS = 30_000;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** The admin section of the configuration, as the server needs it. */
    public record Settings(boolean enabled, AdminServer.Listen listen, io.ikebana.crypto.Secret token) {
    }

    private final Vertx vertx;
    private final Settings settings;
    private final GatewayMetrics metrics;
    private final SaStore store;
    private final AddressPools pools;
    private final AdminApi.SaDeleter deleter;
    private final StateSampler sampler;
    private volatile ClusterControl cluster;
    private volatile DosControl dos;
    private AdminServer server;
    private volatile long timer = -1;
    private volatile boolean stopped;

    /**
     * @param census counts this member's SAs by state for {@code ikebana_ike_sas} (see {@link StateSampler.Census})
     */
    public Operations(Vertx vertx, Settings settings, GatewayMetrics metrics, StateSampler.Census census,
            SaStore store, AddressPools pools, IntSupplier halfOpen, AdminApi.SaDeleter deleter,
            ClusterControl cluster) {
        this.vertx = vertx;
        this.settings = settings;
        this.metrics = metrics;
        this.store = store;
        this.pools = pools;
        this.deleter = deleter;
        this.cluster = cluster;
        this.dos = DosControl.unwired(halfOpen);
        this.sampler = new StateSampler(metrics.registry(), census, store, pools, halfOpen);
    }

    /** A Vert.x worker as an {@link Executor}, for blocking store calls behind stages. */
    public static Executor worker(Vertx vertx) {
        return r -> vertx.executeBlocking(() -> {
            r.run();
            return null;
        }, false);
    }

    public Operations cluster(ClusterControl c) {
        this.cluster = c;
        return this;
    }

    public ClusterControl cluster() {
        return cluster;
    }

    public Operations dos(DosControl d) {
        this.dos = d;
        return this;
    }

    public DosControl dos() {
        return dos;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Starts sampling and, if enabled, the admin server. The future holds its port (-1 if disabled). */
    public Future<Integer> start() {
        sample();
        if (!settings.enabled()) {
            LOG.info("admin API disabled (admin.enabled: false): no /api/v1, /metrics, /healthz, /readyz");
            return Future.succeededFuture(-1);
        }
        AdminToken token = settings.token() != null ? AdminToken.of(settings.token())
                : AdminToken.generate(new SecureRandom(), Path.of(System.getProperty("java.io.tmpdir")));
        AdminApi api = new AdminApi(store, pools, cluster, dos, deleter);
        server = new AdminServer(vertx, settings.listen(), token, api, cluster, metrics::scrape);
        return server.start();
    }

    /** Samples on a worker, then schedules the next sample (see {@link #SAMPLE_DUTY_FACTOR}). */
    private void sample() {
        if (stopped) {
            return;
        }
        vertx.executeBlocking(() -> {
            // CPU time, not wall time: waiting for the grid or for a busy core costs nothing
            long t0 = CPU.getCurrentThreadCpuTime();
            sampler.sample();
            return (CPU.getCurrentThreadCpuTime() - t0) / 1_000_000;
        }, true).onComplete(r -> {
            if (r.failed()) {
                LOG.log(Level.FINE, "sampling failed", r.cause());
            }
            if (!stopped) {
                try {
                    timer = vertx.setTimer(nextSampleDelay(r.succeeded() ? r.result() : 0), id -> sample());
                } catch (RuntimeException closing) {
                    LOG.log(Level.FINE, "sampling stops: Vert.x is closing", closing);
                }
            }
        });
        cluster.members().thenCombine(cluster.ready(), (m, r) -> {
            sampler.cluster(m.size(), r.ready());
            return null;
        });
    }

    /** How long to wait after a sample that took {@code tookMillis}. */
    static long nextSampleDelay(long tookMillis) {
        return Math.min(SAMPLE_MAX_MILLIS, Math.max(SAMPLE_MILLIS, tookMillis * SAMPLE_DUTY_FACTOR));
    }

    /** The admin server's port, -1 when it does not run. */
    public int adminPort() {
        return server == null ? -1 : server.port();
    }

    /** Stops sampling and the admin server (and deletes a generated token's file). */
    public Future<Void> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return server == null ? Future.succeededFuture() : server.stop();
    }
}
