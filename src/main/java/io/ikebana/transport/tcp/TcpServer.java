package io.ikebana.transport.tcp;

import io.ikebana.ike.EngineListener;
import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.Packet;
import io.ikebana.transport.EspInput;
import io.ikebana.transport.InboundDemux;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The gateway's side of RFC 9329, the TCP Responder: accepts streams (never opens one), waits for
 * the "IKETCP" prefix, decodes frames through the UDP path's classifier into the same engine and
 * data plane, and sends each IKE message or ESP packet in the stream its endpoints name: a
 * response goes back in the stream of its request, and the engine points an SA at the stream of
 * its last valid message (RFC 9329 §6.1). Streams are bounded per source and in total, and closed
 * when they carry no IKE state and stay silent (never established, cookie sent, negotiation
 * failed, SA deleted, or continued on a newer stream or another member).
 */
public final class TcpServer implements TcpPort {
    private static final Logger LOG = Logger.getLogger(TcpServer.class.getName());

    private final Vertx vertx;
    private final TcpLimits limits;
    private final TcpMetrics metrics;
    private final InboundDemux demux = new InboundDemux();
    private final Map<InetSocketAddress, TcpStream> byRemote = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final List<NetServer> servers = new CopyOnWriteArrayList<>();
    private volatile StreamStateProbe probe = (spi, remote) -> StreamStateProbe.State.NONE;
    private long sweepTimer = -1;
    private final java.util.concurrent.atomic.AtomicBoolean sweeping = new java.util.concurrent.atomic.AtomicBoolean();

    public TcpServer(Vertx vertx, TcpLimits limits, TcpMetrics metrics) {
        this.vertx = vertx;
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    public void engine(IkeEngine e) {
        demux.engine(e);
        String member = e.config().member();
        probe((spi, remote) -> {
            if (e.negotiating(spi)) {
                return StreamStateProbe.State.HERE;
            }
            IkeSa sa = e.store().peek(spi);
            if (sa == null) {
                return StreamStateProbe.State.NONE;
            }
            boolean here = sa.has(IkeExtension.TCP) && remote.equals(sa.remote()) && member.equals(sa.owner());
            return here ? StreamStateProbe.State.HERE : StreamStateProbe.State.ELSEWHERE;
        });
        e.addListener(new EngineListener() {
            @Override
            public void established(IkeSa sa) {
                TcpStream s = sa.has(IkeExtension.TCP) ? byRemote.get(sa.remote()) : null;
                if (s != null) {
                    s.addSpi(sa.localSpi());
                }
            }

            @Override
            public void rekeyed(IkeSa from, IkeSa to) {
                // the successor continues in the same stream (RFC 9329 §6.1)
                for (TcpStream s : byRemote.values()) {
                    if (s.hasSpi(from.localSpi())) {
                        s.addSpi(to.localSpi());
                    }
                }
            }
        });
    }

    /** Replaces how streams learn whether their SPIs still have IKE state (tests). */
    public void probe(StreamStateProbe p) {
        this.probe = p;
    }

    @Override
    public void esp(EspInput input) {
        demux.esp(input);
    }

    /** Listens on {@code address:port} (0: any free port); completes with the bound address. */
    public Future<InetSocketAddress> listen(InetAddress address, int port) {
        NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setAcceptBacklog(1024));
        server.connectHandler(this::accept);
        return server.listen(port, address.getHostAddress()).map(s -> {
            servers.add(s);
            synchronized (this) {
                if (sweepTimer < 0) {
                    // the probe may read the SA store (a grid round trip): never on an event loop
                    sweepTimer = vertx.setPeriodic(limits.sweepMillis(), id -> {
                        if (sweeping.compareAndSet(false, true)) {
                            vertx.executeBlocking(() -> {
                                try {
                                    sweep();
                                } finally {
                                    sweeping.set(false);
                                }
                                return null;
                            }, false);
                        }
                    });
                }
            }
            return new InetSocketAddress(address, s.actualPort());
        });
    }

    private void accept(NetSocket socket) {
        InetSocketAddress remote = address(socket.remoteAddress());
        InetSocketAddress local = address(socket.localAddress());
        int total = count.incrementAndGet();
        int mine = perSource.merge(remote.getAddress(), 1, Integer::sum);
        TcpStream s = new TcpStream(socket, local, remote, new StreamDecoder(limits.maxFrame(), true), demux, limits,
                metrics, this::forget);
        metrics.opened();
        if (total > limits.maxStreams()) {
            s.close(CloseReason.CAPACITY);
            return;
        }
        if (mine > limits.maxStreamsPerSource()) {
            // RFC 9329 §10: bound what one source can make us hold
            s.close(CloseReason.SOURCE_LIMIT);
            return;
        }
        TcpStream old = byRemote.put(remote, s);
        if (old != null) {
            old.close(CloseReason.REPLACED);
        }
        s.start();
    }

    private void forget(TcpStream s) {
        byRemote.remove(s.remote(), s);
        count.decrementAndGet();
        perSource.computeIfPresent(s.remote().getAddress(), (a, n) -> n <= 1 ? null : n - 1);
    }

    private void sweep() {
        long now = System.nanoTime();
        StreamStateProbe p = probe;
        for (TcpStream s : byRemote.values()) {
            CloseReason r;
            try {
                r = s.check(now, p);
            } catch (RuntimeException e) {
                LOG.warning("stream check failed for " + s + ": " + e);
                continue;
            }
            if (r != null) {
                LOG.fine(() -> "closing " + s + ": " + r);
                s.close(r);
            }
        }
    }

    @Override
    public void send(Packet p) {
        TcpStream s = byRemote.get(p.remote());
        if (s == null) {
            // RFC 9329 §6.1: only the originator opens streams; it reconnects and we follow
            metrics.dropped(TcpMetrics.Drop.NO_STREAM);
            return;
        }
        Buffer f = Frames.ike(p.data());
        if (f == null) {
            metrics.dropped(TcpMetrics.Drop.TOO_LARGE);
            return;
        }
        if (p.data().length >= 28) {
            s.learn(p.data(), 0, false);
        }
        s.write(f);
    }

    @Override
    public void sendEsp(InetSocketAddress local, InetSocketAddress remote, byte[] buf, int off, int len) {
        TcpStream s = byRemote.get(remote);
        if (s == null) {
            metrics.dropped(TcpMetrics.Drop.NO_STREAM);
            return;
        }
        Buffer f = Frames.esp(buf, off, len);
        if (f == null) {
            metrics.dropped(TcpMetrics.Drop.TOO_LARGE);
            return;
        }
        s.write(f);
    }

    /** Closes the stream from {@code remote}, if any (e.g. its SA moved to another member). */
    public boolean close(InetSocketAddress remote, CloseReason reason) {
        TcpStream s = byRemote.get(remote);
        if (s == null) {
            return false;
        }
        s.close(reason);
        return true;
    }

    /** The remote end of the open stream that carried messages of IKE SA {@code spi} (ours), or null. */
    public InetSocketAddress streamOf(long spi) {
        for (TcpStream s : byRemote.values()) {
            if (s.hasSpi(spi)) {
                return s.remote();
            }
        }
        return null;
    }

    /** Streams open now. */
    public int streams() {
        return count.get();
    }

    /** Remote endpoints of the open streams. */
    public List<InetSocketAddress> remotes() {
        return new ArrayList<>(byRemote.keySet());
    }

    @Override
    public Future<Void> close() {
        synchronized (this) {
            if (sweepTimer >= 0) {
                vertx.cancelTimer(sweepTimer);
                sweepTimer = -1;
            }
        }
        List<Future<Void>> fs = new ArrayList<>();
        for (NetServer s : servers) {
            fs.add(s.close());
        }
        servers.clear();
        for (TcpStream s : byRemote.values()) {
            s.close(CloseReason.LOCAL);
        }
        return Future.all(fs).mapEmpty();
    }

    static InetSocketAddress address(SocketAddress a) {
        String host = a.hostAddress();
        return new InetSocketAddress(host != null ? host : a.host(), a.port());
    }
}
