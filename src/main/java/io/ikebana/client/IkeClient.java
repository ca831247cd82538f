package io.ikebana.client;

import io.ikebana.DataPlanes;
import io.ikebana.config.Pem;
import io.ikebana.esp.NoopEspMetrics;
import io.ikebana.esp.io.Icmp;
import io.ikebana.ike.ChildSaInstaller;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.EngineListener;
import io.ikebana.ike.ExecutorScheduler;
import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.InitiatorSettings;
import io.ikebana.ike.Lanes;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.InMemoryAddressPools;
import io.ikebana.policy.LocalCredentials;
import io.ikebana.policy.PeerPolicy;
import io.ikebana.store.InMemorySaStore;
import io.ikebana.transport.Transports;
import io.ikebana.transport.UdpTransport;
import io.ikebana.transport.tcp.TcpClient;
import io.ikebana.transport.tcp.TcpCounters;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The initiator of {@code ikebana client} and {@code ikebana loadgen}: one UDP socket (and one
 * TCP stream per IKE SA when TCP encapsulation is used, RFC 9329), one engine in the initiator
 * role, any number of IKE SAs to one gateway.
 */
public final class IkeClient implements AutoCloseable {
    private final ClientOptions options;
    private final Vertx vertx;
    private final UdpTransport udp;
    private final Transports transports;
    private final TcpCounters tcpCounters = new TcpCounters();
    private TcpSupport tcp;
    private final ExecutorScheduler scheduler = new ExecutorScheduler("client");
    private final InMemorySaStore store = new InMemorySaStore();
    private final Map<Long, CompletableFuture<IkeSa>> waiting = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<IkeSa>> childWaiters = new ConcurrentHashMap<>();
    private final ChildSaInstaller dataPlane;
    private final DataPlanes planes;
    private final Map<Long, CompletableFuture<Icmp.EchoReply>> pings = new ConcurrentHashMap<>();
    private IkeEngine engine;
    private InetSocketAddress local;
    private PeerPolicy gatewayPolicy;

    /** A client whose Child SAs carry traffic through an in-memory data plane (see {@link #ping}). */
    public IkeClient(ClientOptions options, Vertx vertx) {
        this.options = options;
        this.vertx = vertx;
        this.udp = new UdpTransport(vertx);
        this.transports = new Transports(udp, tcpCounters);
        this.planes = DataPlanes.memory(transports, 128, new NoopEspMetrics(), this::inner);
        this.dataPlane = transports.installer(planes.installer());
    }

    /** A client with the given data-plane port (e.g. {@link ChildSaInstaller#NONE}: negotiation only). */
    public IkeClient(ClientOptions options, Vertx vertx, ChildSaInstaller dataPlane) {
        this.options = options;
        this.vertx = vertx;
        this.udp = new UdpTransport(vertx);
        this.transports = new Transports(udp, tcpCounters);
        this.planes = DataPlanes.none();
        this.dataPlane = transports.installer(dataPlane);
    }

    private void inner(byte[] buf, int off, int len) {
        Icmp.EchoReply r = Icmp.parseReply(buf, off, len);
        if (r != null) {
            CompletableFuture<Icmp.EchoReply> f = pings.remove((long) r.id() << 16 | r.seq());
            if (f != null) {
                f.complete(r);
            }
        }
    }

    /**
     * Sends one ICMP echo request through the SA's Child SA (from its virtual IP) and completes
     * with the reply; needs the in-memory data plane.
     */
    public CompletableFuture<Icmp.EchoReply> ping(IkeSa sa, java.net.Inet4Address target, int seq, int size) {
        if (planes.memory() == null) {
            throw new IllegalStateException("no in-memory data plane");
        }
        java.net.Inet4Address src = null;
        for (java.net.InetAddress v : sa.virtualIps()) {
            if (v instanceof java.net.Inet4Address v4) {
                src = v4;
            }
        }
        if (src == null) {
            src = (java.net.Inet4Address) local.getAddress();
        }
        int id = (int) (sa.localSpi() & 0xffff);
        CompletableFuture<Icmp.EchoReply> f = new CompletableFuture<>();
        pings.put((long) id << 16 | (seq & 0xffff), f);
        byte[] req = Icmp.echoRequest(src, target, id, seq & 0xffff, size);
        synchronized (planes) {
            planes.memory().inject(req);
        }
        return f;
    }

    /** Binds the socket and builds the engine. */
    public Future<InetSocketAddress> start() {
        InetSocketAddress bind = options.bind() != null ? options.bind() : new InetSocketAddress(route(options.gateway()), 0);
        return udp.bind(bind.getAddress(), bind.getPort()).map(bound -> {
            local = bound;
            TcpClient tcpClient = null;
            if (options.tcp().mode() != TcpOptions.Mode.UDP) {
                tcpClient = new TcpClient(vertx, bound.getAddress(), options.tcp().limits(), tcpCounters);
                transports.tcp(tcpClient);
            }
            engine = buildEngine();
            transports.engine(engine);
            if (tcpClient != null) {
                tcp = new TcpSupport(tcpClient, engine, store,
                        new InetSocketAddress(options.gateway().getAddress(), options.tcp().port()));
            }
            planes.start(engine, vertx);
            return bound;
        });
    }

    private IkeEngine buildEngine() {
        LocalCredentials creds;
        List<X509Certificate> cas = new ArrayList<>();
        try {
            for (Path p : options.cas()) {
                cas.addAll(Pem.certificates(p));
            }
            if (options.cert() != null) {
                List<X509Certificate> chain = Pem.certificates(options.cert());
                PrivateKey key = Pem.privateKey(options.key());
                creds = new LocalCredentials(options.id(), AuthMethod.PUBKEY, null, chain, key);
            } else {
                creds = new LocalCredentials(options.id(), AuthMethod.PSK, null, null, null);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read credentials: " + e.getMessage(), e);
        }
        gatewayPolicy = new PeerPolicy("gateway", options.remoteId(), options.gatewayAuth(), creds.auth(),
                options.psk(), cas,
                List.of(), List.of(), List.of());
        EngineConfig cfg = new EngineConfig("client", creds, List.of(gatewayPolicy), options.ike(), options.esp(),
                options.timers(), EngineConfig.Features.defaults(), EngineConfig.Limits.defaults());
        IkeEngine e = new IkeEngine(cfg, transports, store, dataPlane, new InMemoryAddressPools(Map.of()), IkeMetrics.NOOP,
                Clock.systemUTC(), new SecureRandom(), scheduler, new Lanes("client", 2, 100_000, i -> { }));
        e.addListener(new EngineListener() {
            @Override
            public void established(IkeSa sa) {
                if (tcp != null) {
                    tcp.established(sa);
                }
                CompletableFuture<IkeSa> f = waiting.remove(sa.localSpi());
                if (f != null) {
                    f.complete(sa);
                }
            }

            @Override
            public void childInstalled(IkeSa sa, io.ikebana.ike.ChildSaState child) {
                CompletableFuture<IkeSa> f = childWaiters.remove(sa.localSpi());
                if (f != null) {
                    f.complete(sa);
                }
            }

            @Override
            public void handshakeFailed(long spi, String reason) {
                if (tcp != null) {
                    tcp.handshakeFailed(spi);
                }
                CompletableFuture<IkeSa> f = waiting.remove(spi);
                if (f == null) {
                    return;
                }
                if (InitiatorSettings.NO_UDP_ANSWER.equals(reason) && tcp != null) {
                    // RFC 9329 §5.1: UDP looks blocked: start over in TCP, with a new SPIi
                    fallbacks.incrementAndGet();
                    connectTcp(settings(), f);
                } else {
                    f.completeExceptionally(new IllegalStateException(reason));
                }
            }

            @Override
            public void deleted(IkeSa sa, String reason) {
                if (tcp != null) {
                    tcp.deleted(sa);
                }
            }
        });
        return e;
    }

    /** The local address that routes to {@code target} (no packet is sent). */
    static java.net.InetAddress route(InetSocketAddress target) {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(target);
            return ((InetSocketAddress) ch.getLocalAddress()).getAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("no route to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts one IKE SA; completes when it is established (or fails). Over UDP, in TCP, or over
     * UDP first and then in TCP when UDP gets no answer, as {@link ClientOptions#tcp()} says.
     */
    public CompletableFuture<IkeSa> connect() {
        CompletableFuture<IkeSa> f = new CompletableFuture<>();
        TcpOptions t = options.tcp();
        if (t.mode() == TcpOptions.Mode.TCP) {
            connectTcp(settings(), f);
            return f;
        }
        InitiatorSettings s = t.mode() == TcpOptions.Mode.FALLBACK ? settings().withUdpTries(t.udpTries()) : settings();
        long spi = engine.newIkeSpi();
        waiting.put(spi, f);
        engine.connect(s, spi);
        return f;
    }

    private InitiatorSettings settings() {
        return new InitiatorSettings(options.gateway(), local, gatewayPolicy, options.virtualIp(),
                false, List.of(), options.remoteTs(), true, options.initialContact(), true);
    }

    private void connectTcp(InitiatorSettings s, CompletableFuture<IkeSa> f) {
        tcp.connect(s, spi -> waiting.put(spi, f), f::completeExceptionally);
    }

    /** How many connects fell back from UDP to TCP. */
    public int fallbacks() {
        return fallbacks.get();
    }

    private final java.util.concurrent.atomic.AtomicInteger fallbacks = new java.util.concurrent.atomic.AtomicInteger();

    /** The RFC 9329 streams, or null without TCP. */
    public TcpClient tcp() {
        return tcp == null ? null : tcp.client();
    }

    public TcpCounters tcpCounters() {
        return tcpCounters;
    }

    /** MOBIKE switch of an established SA into a new TCP stream (RFC 9329 §7.1). */
    public CompletableFuture<Void> switchToTcp(long localSpi) {
        if (tcp == null) {
            throw new IllegalStateException("TCP not enabled");
        }
        return tcp.toTcp(localSpi);
    }

    /** MOBIKE switch of an SA in TCP back to UDP (the gateway's UDP address); the stream closes after. */
    public CompletableFuture<Void> switchToUdp(long localSpi) {
        if (tcp == null) {
            throw new IllegalStateException("TCP not enabled");
        }
        return tcp.toUdp(localSpi, local, options.gateway());
    }

    /**
     * Clones an IKE SA (RFC 7791) and creates one Child SA on the clone for {@code remoteTs};
     * completes with the clone once its Child SA is installed.
     */
    public CompletableFuture<IkeSa> cloneWithChild(IkeSa sa, List<TrafficSelector> remoteTs) {
        CompletableFuture<IkeSa> done = new CompletableFuture<>();
        engine.initiate(sa.localSpi(), new io.ikebana.ike.task.CloneExchange(clone -> {
            childWaiters.put(clone.localSpi(), done);
            List<TrafficSelector> local = new ArrayList<>();
            for (java.net.InetAddress v : clone.virtualIps()) {
                local.add(TrafficSelector.ofAddress(v));
            }
            if (local.isEmpty()) {
                local.add(TrafficSelector.ofAddress(this.local.getAddress()));
            }
            engine.initiate(clone.localSpi(), new io.ikebana.ike.task.CreateChildExchange(local, remoteTs));
        }, why -> done.completeExceptionally(new IllegalStateException("clone refused: " + why))));
        return done;
    }

    /** The current copy of an SA (after rekeys and moves), or null. */
    public IkeSa sa(long localSpi) {
        return store.peek(localSpi);
    }

    public IkeEngine engine() {
        return engine;
    }

    public InetSocketAddress local() {
        return local;
    }

    public List<IkeSa> sas() {
        return store.list(sa -> true, 0, Integer.MAX_VALUE);
    }

    public void addListener(EngineListener l) {
        engine.addListener(l);
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        planes.close();
        scheduler.close();
        transports.close().toCompletionStage().toCompletableFuture().join();
    }
}
