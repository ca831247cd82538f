package io.ikebana.client;

import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.InitiatorSettings;
import io.ikebana.ike.task.DpdExchange;
import io.ikebana.ike.task.UpdateAddressesExchange;
import io.ikebana.store.InMemorySaStore;
import io.ikebana.transport.tcp.TcpClient;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The client's RFC 9329 behaviour on top of {@link TcpClient}: handshakes in a new stream (one
 * per IKE SA), fallback from UDP to TCP with a new SPIi (§5.1), telling the gateway where the SA
 * is after a stream broke (§6.1: UPDATE_SA_ADDRESSES with MOBIKE, else an empty INFORMATIONAL),
 * following a gateway that announced another address (a move between members), switching an SA
 * between UDP and TCP with MOBIKE (§7.1), and closing a stream once its IKE SA is gone.
 */
final class TcpSupport {
    private final TcpClient tcp;
    private final IkeEngine engine;
    private final InMemorySaStore store;
    private final InetSocketAddress gateway;
    /** Handshakes in TCP: SPI -> stream name, to close the stream if the handshake fails. */
    private final Map<Long, InetSocketAddress> handshakes = new ConcurrentHashMap<>();

    TcpSupport(TcpClient tcp, IkeEngine engine, InMemorySaStore store, InetSocketAddress gateway) {
        this.tcp = tcp;
        this.engine = engine;
        this.store = store;
        this.gateway = gateway;
        tcp.onDown(this::streamDown);
    }

    TcpClient client() {
        return tcp;
    }

    /** Opens a stream and starts an IKE SA in it; {@code started} gets the SPI (or the failure). */
    void connect(InitiatorSettings settings, Consumer<Long> started, Consumer<Throwable> failed) {
        tcp.open(gateway).onComplete(ar -> {
            if (ar.failed()) {
                failed.accept(ar.cause());
                return;
            }
            long spi = engine.newIkeSpi();
            handshakes.put(spi, ar.result());
            started.accept(spi);
            engine.connect(settings.overTcp(gateway, ar.result()), spi);
        });
    }

    void established(IkeSa sa) {
        handshakes.remove(sa.localSpi());
    }

    void handshakeFailed(long spi) {
        InetSocketAddress key = handshakes.remove(spi);
        if (key != null) {
            tcp.close(key);
        }
    }

    /** RFC 9329 §6.1: the originator closes the stream once no IKE SA uses it any more. */
    void deleted(IkeSa sa) {
        if (!sa.has(IkeExtension.TCP)) {
            return;
        }
        InetSocketAddress key = sa.local();
        if (store.list(x -> x.localSpi() != sa.localSpi() && key.equals(x.local()), 0, 1).isEmpty()
                && !handshakes.containsValue(key)) {
            tcp.close(key);
        }
    }

    /**
     * A stream broke: the SAs in it continue in a new one (the first message sent reconnects).
     * A gateway that announced other addresses before (a member handing the SA over) is followed
     * there; then, RFC 9329 §6.1, UPDATE_SA_ADDRESSES (MOBIKE) or an empty INFORMATIONAL tells it
     * where the SA is now, and a request waiting for its answer is sent again at once (§6.2).
     */
    private void streamDown(InetSocketAddress key) {
        for (IkeSa sa : store.list(x -> key.equals(x.local()), 0, Integer.MAX_VALUE)) {
            InetSocketAddress target = sa.peerAdditionalAddresses().isEmpty() ? sa.remote()
                    : new InetSocketAddress(sa.peerAdditionalAddresses().get(0), sa.remote().getPort());
            long spi = sa.localSpi();
            engine.onSa(spi, ctx -> {
                IkeSa s = ctx.sa();
                if (!s.has(IkeExtension.TCP) || !key.equals(s.local())) {
                    return false;
                }
                if (!target.equals(s.remote())) {
                    s.endpoints(key, target);
                    ctx.afterCommit(() -> engine.dataPlane().updateEndpoints(spi, key, target));
                }
                boolean mobike = s.has(IkeExtension.MOBIKE);
                if (!ctx.local().hasExchange(mobike ? UpdateAddressesExchange.class : DpdExchange.class)) {
                    ctx.local().enqueue(mobike ? new UpdateAddressesExchange() : new DpdExchange());
                }
                if (ctx.local().pending() != null) {
                    ctx.afterCommit(() -> engine.retransmitNow(spi));
                }
                return true;
            });
        }
    }

    /**
     * Moves an established SA into a new TCP stream with MOBIKE (RFC 9329 §7.1); completes when
     * the gateway answered the UPDATE_SA_ADDRESSES that arrived in TCP.
     */
    CompletableFuture<Void> toTcp(long spi) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tcp.open(gateway).onComplete(ar -> {
            if (ar.failed()) {
                done.completeExceptionally(ar.cause());
                return;
            }
            InetSocketAddress key = ar.result();
            repoint(spi, key, gateway, true, done, null);
        });
        return done;
    }

    /** Moves an SA in TCP back to UDP (to {@code udpLocal} -> {@code udpGateway}); closes the stream after. */
    CompletableFuture<Void> toUdp(long spi, InetSocketAddress udpLocal, InetSocketAddress udpGateway) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        IkeSa sa = store.peek(spi);
        InetSocketAddress oldStream = sa != null && sa.has(IkeExtension.TCP) ? sa.local() : null;
        repoint(spi, udpLocal, udpGateway, false, done, () -> {
            // RFC 9329 §7.1: the initiator closes the old stream after the migration
            if (oldStream != null && store.list(x -> oldStream.equals(x.local()), 0, 1).isEmpty()) {
                tcp.close(oldStream);
            }
        });
        return done;
    }

    private void repoint(long spi, InetSocketAddress local, InetSocketAddress remote, boolean inTcp,
            CompletableFuture<Void> done, Runnable after) {
        engine.onSa(spi, ctx -> {
            IkeSa s = ctx.sa();
            if (!s.has(IkeExtension.MOBIKE)) {
                done.completeExceptionally(new IllegalStateException("MOBIKE not negotiated"));
                return false;
            }
            s.endpoints(local, remote);
            if (inTcp) {
                s.extensions().add(IkeExtension.TCP);
            } else {
                s.extensions().remove(IkeExtension.TCP);
            }
            ctx.afterCommit(() -> engine.dataPlane().updateEndpoints(spi, local, remote));
            ctx.local().enqueue(new AfterAnswer(new UpdateAddressesExchange(), () -> {
                if (after != null) {
                    after.run();
                }
                done.complete(null);
            }));
            return true;
        });
    }

    List<InetSocketAddress> streams() {
        return tcp.sessions();
    }
}
