package io.ikebana;

import io.ikebana.admin.AdminServer;
import io.ikebana.admin.ClusterRuntimeControl;
import io.ikebana.admin.DosGuardControl;
import io.ikebana.admin.Operations;
import io.ikebana.cluster.ClusterOperations;
import io.ikebana.cluster.ClusterRuntime;
import io.ikebana.cluster.GatewayClusterHooks;
import io.ikebana.cluster.LeastLoadedPlacement;
import io.ikebana.config.GatewayConfig;
import io.ikebana.crypto.DhGroup;
import io.ikebana.dos.DosGuard;
import io.ikebana.dos.DosInitGuard;
import io.ikebana.dos.cookie.ClusterCookieSecrets;
import io.ikebana.dos.cookie.CookieSecretStore;
import io.ikebana.dos.cookie.LocalCookieSecretStore;
import io.ikebana.esp.EspMetrics;
import io.ikebana.esp.io.TunConfig;
import io.ikebana.ike.ChildSaInstaller;
import io.ikebana.policy.Cidr;
import io.ikebana.ike.ExecutorScheduler;
import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.Lanes;
import io.ikebana.metrics.GatewayMetrics;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.metrics.MicrometerEspMetrics;
import io.ikebana.metrics.StateSampler;
import io.ikebana.policy.AddressPools;
import io.ikebana.store.SaStore;
import io.ikebana.transport.Transports;
import io.ikebana.transport.UdpTransport;
import io.ikebana.transport.tcp.TcpCounters;
import io.ikebana.transport.tcp.TcpServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * One gateway node, wired: store, pools, engine, transport. {@link #start} binds the sockets;
 * {@link #stop} releases everything. Used by {@code ikebana gateway} and by in-process tests.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    private final GatewayConfig config;
    private final Vertx vertx;
    private final ClusterRuntime cluster;
    private final SaStore store;
    private final AddressPools pools;
    private final ChildSaInstaller dataPlane;
    private final IkeMetrics metrics;
    private final ExecutorScheduler scheduler;
    private final IkeEngine engine;
    private final UdpTransport udp;
    private final Transports transports;
    private final TcpCounters tcpCounters = new TcpCounters();
    private final TcpServer tcp;
    private final DataPlanes planes;
    private final Runnable stopTakeovers;
    private final ClusterOperations operations;
    /** How long a member keeps the Child SAs of an SA that moved away (packets in flight). */
    private static final long MOVE_GRACE_MILLIS = 10_000;
    /** Moves handed out per second by a drain or rebalance. */
    private static final int MOVES_PER_SECOND = 200;
    /** Adoptions started per second after a member loss. */
    private static final int TAKEOVERS_PER_SECOND = 500;
    // ---- operating surfaces: metrics registry, admin API (io.ikebana.admin.Operations)
    private final GatewayMetrics gatewayMetrics;
    private final DosGuardControl dos;
    private final Operations admin;
    private volatile boolean started;

    /** A node with its own metrics registry (Vert.x's own metrics only if {@code vertx} reports to it). */
    public Gateway(GatewayConfig config, Vertx vertx) {
        this(config, vertx, new GatewayMetrics());
    }

    /** A node reporting to {@code gatewayMetrics}; build {@code vertx} with {@link GatewayMetrics#newVertx()}. */
    public Gateway(GatewayConfig config, Vertx vertx, GatewayMetrics gatewayMetrics) {
        this.config = config;
        this.vertx = vertx;
        this.gatewayMetrics = gatewayMetrics;
        SecureRandom random = new SecureRandom();
        // embedded Hazelcast: the configured cluster, or a single member of its own (ClusterRuntime);
        // cluster.enabled: false: one node on its own, its SAs and leases in process memory
        this.cluster = config.cluster().enabled() ? ClusterRuntime.start(config, random)
                : ClusterRuntime.standalone(config);
        this.store = gatewayMetrics.timed(cluster.store());
        this.pools = cluster.pools();
        this.metrics = gatewayMetrics.ike();
        this.scheduler = new ExecutorScheduler("gw");
        int lanes = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.udp = new UdpTransport(vertx);
        this.transports = new Transports(udp, tcpCounters);
        io.ikebana.metrics.TcpMeters.bind(gatewayMetrics.registry(), tcpCounters);
        this.tcp = config.listen().tcpPort() > 0 ? new TcpServer(vertx, config.listen().tcp(), tcpCounters) : null;
        if (tcp != null) {
            transports.tcp(tcp);
        }
        this.planes = dataPlanes(config, transports, new MicrometerEspMetrics(gatewayMetrics.esp()));
        this.dataPlane = transports.installer(planes.installer());
        this.engine = new IkeEngine(config.engine(), transports, store, dataPlane, pools, metrics, Clock.systemUTC(),
                random, scheduler, new Lanes("ike", lanes, 10_000, i -> { }));
        transports.engine(engine);
        planes.start(engine, vertx);
        // the guard is rebuilt when the admin API changes its settings; the cookie secrets carry over
        CookieSecretStore secrets = cookieSecrets(config, random);
        java.util.function.Function<io.ikebana.dos.DosConfig, DosGuard> guards = c -> {
            DosGuard g = new DosGuard(c, Clock.systemUTC(), random, secrets, gatewayMetrics.dos());
            engine.initGuard(new DosInitGuard(g));
            return g;
        };
        this.dos = new DosGuardControl(guards.apply(config.dos()), guards);
        java.time.Clock directoryClock = cluster.node() == null ? Clock.systemUTC() : cluster.node().clock();
        LeastLoadedPlacement placement = new LeastLoadedPlacement(10, 2, directoryClock::millis,
                LeastLoadedPlacement.DEFAULT_FORGET_MILLIS);
        GatewayClusterHooks hooks = new GatewayClusterHooks(cluster, config.listen(), placement);
        engine.cluster(hooks);
        this.operations = new ClusterOperations(cluster, engine, placement, MOVE_GRACE_MILLIS, MOVES_PER_SECOND);
        operations.tcp(tcp);
        hooks.onClone(operations::spreadClone);
        hooks.onStrayChildren(operations::returnStrayChildren);
        hooks.draining(operations::isDraining);
        cluster.countArrivals(() -> engine.halfOpenCount() + engine.initsQueued(), hooks::redirectedIn);
        this.stopTakeovers = cluster.onMemberLost(this::takeOver);
        this.admin = admin(config, vertx, gatewayMetrics, store, pools, engine, cluster, operations, () -> started)
                .dos(dos);
    }

    /**
     * Clustered (cluster keys configured): secrets derived from the current cluster key, the same
     * on every member, so any member validates any member's cookie (no secret crosses the network);
     * a single node keeps random secrets of its own.
     */
    static CookieSecretStore cookieSecrets(GatewayConfig config, SecureRandom random) {
        GatewayConfig.Cluster cl = config.cluster();
        java.time.Duration rotation = config.dos().cookies().secretRotation();
        if (!cl.keys().isEmpty() && cl.keys().containsKey(cl.currentKey())) {
            return ClusterCookieSecrets.store(cl.keys().get(cl.currentKey()).bytes(), Clock.systemUTC(), rotation);
        }
        return new LocalCookieSecretStore(Clock.systemUTC(), random, rotation);
    }

    private static Operations admin(GatewayConfig config, Vertx vertx, GatewayMetrics m, SaStore store,
            AddressPools pools, IkeEngine engine, ClusterRuntime cluster, ClusterOperations moves,
            java.util.function.BooleanSupplier started) {
        GatewayConfig.Admin a = config.admin();
        ClusterRuntimeControl control = new ClusterRuntimeControl(cluster, moves,
                config.cluster().hazelcastConfig() != null, store, engine::halfOpenCount,
                config.cluster().minimumClusterSize(), started, Operations.worker(vertx));
        return new Operations(vertx, new Operations.Settings(a.enabled(),
                new AdminServer.Listen(a.address(), a.port(), a.tlsCert(), a.tlsKey()), a.token()),
                m, census(cluster, store), store, pools, engine::halfOpenCount,
                (spi, notify) -> {
                    if (notify) {
                        engine.delete(spi);
                    } else {
                        engine.deleteSilently(spi, "deleted by the admin API");
                    }
                }, control);
    }

    /**
     * A shared store's records are encrypted: owned SAs are counted by index rather than decrypted,
     * and only once per directory period (the member directory publishes the same count).
     */
    private static StateSampler.Census census(ClusterRuntime cluster, SaStore store) {
        return cluster.hazelcastStore() != null ? StateSampler.Census.owned(cluster::ownedSaCount)
                : StateSampler.Census.scan(store, cluster.memberName());
    }

    /**
     * A member died: adopt its IKE SAs that this member's partitions hold (Hazelcast picks
     * exactly one survivor per SA), paced so that a big takeover does not flood the clients.
     */
    private void takeOver(String dead) {
        Thread t = new Thread(() -> {
            List<Long> spis = cluster.takeoverCandidates(dead, java.time.Duration.ofSeconds(10));
            LOG.info("member " + dead + " lost: taking over " + spis.size() + " IKE SAs");
            long start = System.nanoTime();
            for (int i = 0; i < spis.size(); i++) {
                long due = start + i * 1_000_000_000L / TAKEOVERS_PER_SECOND;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                engine.adopt(spis.get(i), dead, IkeEngine.Adoption.TAKEOVER);
            }
        }, "takeover-" + dead);
        t.setDaemon(true);
        t.start();
    }

    private static DataPlanes dataPlanes(GatewayConfig config, Transports udp, EspMetrics espMetrics) {
        GatewayConfig.DataPlane dp = config.dataPlane();
        switch (dp.backend()) {
            case "memory":
                return DataPlanes.memory(udp, dp.replayWindow(), espMetrics, null);
            case "tun":
                List<String> routes = new ArrayList<>();
                for (Cidr c : config.pools().values()) {
                    routes.add(c.toString());
                }
                try {
                    return DataPlanes.tun(udp, new TunConfig(dp.tunName(), dp.mtu(), List.of(dp.tunAddress().toString()),
                            routes, ""), dp.replayWindow(), espMetrics);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot open TUN device " + dp.tunName() + ": " + e.getMessage(), e);
                }
            default:
                return DataPlanes.none();
        }
    }

    public DataPlanes dataPlanes() {
        return planes;
    }

    /** The DoS guard in force (the admin API may replace it with new settings). */
    public DosGuard dos() {
        return dos.guard();
    }

    public Future<List<InetSocketAddress>> start() {
        DhGroup.chooseImplementations();
        GatewayConfig.Listen l = config.listen();
        List<Future<InetSocketAddress>> binds = new ArrayList<>();
        for (InetAddress a : l.addresses()) {
            binds.add(udp.bind(a, l.ikePort()));
            binds.add(udp.bind(a, l.nattPort()));
        }
        List<Future<InetSocketAddress>> tcpBinds = new ArrayList<>();
        if (tcp != null) {
            for (InetAddress a : l.addresses()) {
                tcpBinds.add(tcp.listen(a, l.tcpPort()));
            }
        }
        binds.addAll(tcpBinds);
        return Future.all(binds).map(cf -> {
            List<InetSocketAddress> out = new ArrayList<>();
            for (int i = 0; i < cf.size(); i++) {
                out.add(cf.resultAt(i));
            }
            boolean unprivileged = l.ikePort() >= 1024 && l.nattPort() >= 1024;
            LOG.info("gateway " + config.engine().member() + " listening on " + out
                    + (tcp != null ? " (the last " + tcpBinds.size() + " TCP, RFC 9329)" : "")
                    + (unprivileged ? " (unprivileged ports: IKE on " + l.ikePort() + " plays UDP 500, "
                            + l.nattPort() + " plays UDP 4500)" : ""));
            return out;
        }).compose(out -> {
            started = true;
            return admin.start().map(port -> out);
        });
    }

    /** The admin API, metrics and health of this node; set its cluster or DoS control before {@link #start}. */
    public Operations admin() {
        return admin;
    }

    public GatewayMetrics gatewayMetrics() {
        return gatewayMetrics;
    }

    public IkeEngine engine() {
        return engine;
    }

    /** The RFC 9329 listener, or null when {@code listen.tcpPort} is 0. */
    public TcpServer tcp() {
        return tcp;
    }

    public TcpCounters tcpCounters() {
        return tcpCounters;
    }

    public SaStore store() {
        return store;
    }

    public ClusterOperations operations() {
        return operations;
    }

    public ClusterRuntime cluster() {
        return cluster;
    }

    public AddressPools pools() {
        return pools;
    }

    public GatewayConfig config() {
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        started = false;
        admin.stop().toCompletionStage().toCompletableFuture().join();
        transports.close().toCompletionStage().toCompletableFuture().join();
        engine.close();
        stopTakeovers.run();
        operations.close();
        planes.close();
        scheduler.close();
        cluster.close();
    }
}
