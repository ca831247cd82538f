package io.ikebana.transport.tcp;

import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.Packet;
import io.ikebana.transport.EspInput;
import io.ikebana.transport.InboundDemux;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The client's side of RFC 9329, the TCP Originator: one {@link TcpSession} per IKE SA (§6.1), each
 * named by the local address of its first connection; the engine uses that name as the SA's local
 * endpoint, so packets find their session whatever connection currently carries it. A session
 * reconnects (prefix first, §6.1) when something is sent after its stream broke, and moves to
 * another gateway address when the engine sends there (a redirect or a move between members).
 */
public final class TcpClient implements TcpPort {
    private final NetClient client;
    private final TcpLimits limits;
    private final TcpMetrics metrics;
    private final InboundDemux demux = new InboundDemux();
    private final Map<InetSocketAddress, TcpSession> sessions = new ConcurrentHashMap<>();
    private volatile Consumer<InetSocketAddress> down = k -> { };

    /** @param bind local address for the connections (null: any) */
    public TcpClient(Vertx vertx, InetAddress bind, TcpLimits limits, TcpMetrics metrics) {
        NetClientOptions o = new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5000);
        if (bind != null && !bind.isAnyLocalAddress()) {
            o.setLocalAddress(bind.getHostAddress());
        }
        this.client = vertx.createNetClient(o);
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    public void engine(IkeEngine e) {
        demux.engine(e);
    }

    @Override
    public void esp(EspInput input) {
        demux.esp(input);
    }

    /** Called with a session's name when its stream broke (not when we closed it). */
    public void onDown(Consumer<InetSocketAddress> handler) {
        this.down = handler;
    }

    /** Opens a stream to {@code gateway} for a new IKE SA; completes with the session's name. */
    public Future<InetSocketAddress> open(InetSocketAddress gateway) {
        return open(gateway, 3);
    }

    private Future<InetSocketAddress> open(InetSocketAddress gateway, int attempts) {
        return connect(gateway).compose(socket -> {
            InetSocketAddress key = TcpServer.address(socket.localAddress());
            TcpSession s = new TcpSession(this, key, gateway);
            if (sessions.putIfAbsent(key, s) != null) {
                // the name of a live session, reused by the OS for a new connection: pick another
                socket.close();
                return attempts > 1 ? open(gateway, attempts - 1)
                        : Future.failedFuture(new IllegalStateException("no fresh local port"));
            }
            s.attach(socket, false);
            return Future.succeededFuture(key);
        });
    }

    Future<NetSocket> connect(InetSocketAddress to) {
        return client.connect(to.getPort(), to.getAddress().getHostAddress());
    }

    /** A new stream for a session; its frames reach the engine with the session's name as local endpoint. */
    TcpStream stream(NetSocket socket, TcpSession s, InetSocketAddress remote) {
        metrics.opened();
        TcpStream st = new TcpStream(socket, s.key(), remote, new StreamDecoder(limits.maxFrame(), false), demux, limits,
                metrics, s::lost);
        st.start();
        // RFC 9329 §4, §6.1: the prefix first on every connection, reconnections included
        socket.write(Frames.prefix());
        return st;
    }

    void down(InetSocketAddress key) {
        down.accept(key);
    }

    TcpMetrics metrics() {
        return metrics;
    }

    int queueBytes() {
        return limits.writeQueueBytes();
    }

    @Override
    public void send(Packet p) {
        TcpSession s = sessions.get(p.local());
        Buffer f = Frames.ike(p.data());
        if (s == null || f == null) {
            metrics.dropped(s == null ? TcpMetrics.Drop.NO_STREAM : TcpMetrics.Drop.TOO_LARGE);
            return;
        }
        s.send(p.remote(), f);
    }

    @Override
    public void sendEsp(InetSocketAddress local, InetSocketAddress remote, byte[] buf, int off, int len) {
        TcpSession s = sessions.get(local);
        Buffer f = Frames.esp(buf, off, len);
        if (s == null || f == null) {
            metrics.dropped(s == null ? TcpMetrics.Drop.NO_STREAM : TcpMetrics.Drop.TOO_LARGE);
            return;
        }
        s.send(remote, f);
    }

    /** The gateway address a session talks to now, or null. */
    public InetSocketAddress remoteOf(InetSocketAddress key) {
        TcpSession s = sessions.get(key);
        return s == null ? null : s.remote();
    }

    /** True while the session has a live stream. */
    public boolean connected(InetSocketAddress key) {
        TcpSession s = sessions.get(key);
        return s != null && s.connected();
    }

    /** Connections made for the session so far (1 + reconnections). */
    public int connections(InetSocketAddress key) {
        TcpSession s = sessions.get(key);
        return s == null ? 0 : s.connections();
    }

    /**
     * Breaks the session's current stream as a network failure would (the next send reconnects);
     * for tests and for a client that knows its path changed.
     */
    public void reset(InetSocketAddress key) {
        TcpSession s = sessions.get(key);
        if (s != null) {
            s.reset();
        }
    }

    /** Closes a session for good (its IKE SA is gone, RFC 9329 §6.1). */
    public void close(InetSocketAddress key) {
        TcpSession s = sessions.remove(key);
        if (s != null) {
            s.close();
        }
    }

    public List<InetSocketAddress> sessions() {
        return new ArrayList<>(sessions.keySet());
    }

    @Override
    public Future<Void> close() {
        for (InetSocketAddress k : new ArrayList<>(sessions.keySet())) {
            close(k);
        }
        Promise<Void> p = Promise.promise();
        client.close().onComplete(ar -> p.complete());
        return p.future();
    }
}
