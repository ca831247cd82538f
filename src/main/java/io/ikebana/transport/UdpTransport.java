package io.ikebana.transport;

import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.Packet;
import io.ikebana.ike.PacketSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * UDP sockets for IKE and ESP-in-UDP on Vert.x. Receiving runs on the event loop and only
 * classifies and hands over: IKE to the engine (which queues it on a lane), ESP to the data
 * plane. Sending is allowed from any thread and happens on the sending thread: a datagram goes
 * straight to the socket's channel (a JDK datagram channel takes a reader and writers at once;
 * writers take turns), not through the event loop, which would cost a task, a wake-up and a
 * thread switch per datagram. Only when the socket's send buffer is full (or the channel is not a JDK one)
 * does a datagram take the Vert.x path and wait on the event loop.
 */
public final class UdpTransport implements PacketSender, EspPort {
    private static final Logger LOG = Logger.getLogger(UdpTransport.class.getName());
    private static final byte[] MARKER = new byte[4];

    private final Vertx vertx;
    private final Map<InetSocketAddress, Bound> sockets = new ConcurrentHashMap<>();
    private final InboundDemux demux = new InboundDemux();

    public UdpTransport(Vertx vertx) {
        this.vertx = vertx;
    }

    public void engine(IkeEngine engine) {
        demux.engine(engine);
    }

    @Override
    public void esp(EspInput input) {
        demux.esp(input);
    }

    /** Binds a socket; port 0 picks a free one. Completes with the bound address. */
    public Future<InetSocketAddress> bind(InetAddress address, int port) {
        // Vert.x also uses the receive buffer size as the size of the buffer it allocates for every
        // datagram read (FixedRecvByteBufAllocator): 4 MiB made each read allocate and zero 4 MiB
        // (about 2,600 ESP round trips/s, docs/benchmarks.md); 512 KiB holds any datagram and keeps
        // a deep socket buffer
        DatagramSocket s = vertx.createDatagramSocket(new DatagramSocketOptions()
                .setReceiveBufferSize(512 * 1024).setSendBufferSize(4 * 1024 * 1024)
                .setIpV6(address.getAddress().length == 16));
        datagramBuffers(s);
        return s.listen(port, address.getHostAddress()).map(bound -> {
            InetSocketAddress local = new InetSocketAddress(address, bound.localAddress().port());
            sockets.put(local, new Bound(bound, jdkChannel(bound)));
            bound.handler(p -> onPacket(local, p));
            bound.exceptionHandler(e -> LOG.warning("UDP " + local + ": " + e.getMessage()));
            return local;
        });
    }

    /**
     * Vert.x turns the socket's receive buffer size (SO_RCVBUF) into the size of a fresh, zeroed
     * buffer for each datagram read: with 4 MiB that cost ~170 µs per datagram and capped the
     * gateway at ~5,000 datagrams/s, so an IKE_SA_INIT flood filled the socket and legitimate
     * packets were dropped with it (docs/benchmarks.md, "DoS"); 512 KiB still zeroes 512 KiB per
     * datagram. Reads go to pooled 64 KiB buffers instead (the largest UDP payload), whatever
     * SO_RCVBUF is. Done before the socket is bound, so the first read already uses them; if the
     * Vert.x internals differ, the Vert.x behaviour stays and a warning says so.
     */
    private static void datagramBuffers(DatagramSocket s) {
        try {
            io.netty.channel.socket.DatagramChannel ch = netty(s);
            ch.config().setRecvByteBufAllocator(new io.netty.channel.FixedRecvByteBufAllocator(MAX_DATAGRAM));
            ch.config().setAllocator(io.netty.buffer.PooledByteBufAllocator.DEFAULT);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning("UDP receive buffers left at the Vert.x default (one per datagram of the socket buffer's"
                    + " size): " + e);
        }
    }

    /** The Netty channel of a Vert.x socket (not public API: Vert.x 5's DatagramSocketImpl). */
    private static io.netty.channel.socket.DatagramChannel netty(DatagramSocket s) throws ReflectiveOperationException {
        java.lang.reflect.Field f = s.getClass().getDeclaredField("channel");
        f.setAccessible(true);
        return (io.netty.channel.socket.DatagramChannel) f.get(s);
    }

    /** The JDK channel under a Vert.x socket (Netty NIO), or null with a warning. */
    private static DatagramChannel jdkChannel(DatagramSocket s) {
        try {
            Method m = io.netty.channel.nio.AbstractNioChannel.class.getDeclaredMethod("javaChannel");
            m.setAccessible(true);
            return (DatagramChannel) m.invoke(netty(s));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning("UDP sends go through the event loop (no JDK channel under the socket): " + e);
            return null;
        }
    }

    /**
     * A bound socket and the JDK channel under it (Vert.x's Netty transport is NIO), null when
     * that could not be reached: sends then take the Vert.x path.
     */
    private record Bound(DatagramSocket socket, DatagramChannel channel) {
    }

    /** Largest UDP payload (65,535 − 8 octets of UDP header; IPv6 jumbograms aside). */
    private static final int MAX_DATAGRAM = 65_527;

    public List<InetSocketAddress> bound() {
        return new ArrayList<>(sockets.keySet());
    }

    private void onPacket(InetSocketAddress local, DatagramPacket p) {
        byte[] b = p.data().getBytes();
        // Vert.x builds (and validates) a new SocketAddress on every sender() call: once per datagram
        io.vertx.core.net.SocketAddress sender = p.sender();
        InetSocketAddress remote = new InetSocketAddress(sender.host(), sender.port());
        demux.deliver(local, remote, b, 0, b.length, Classifier.Framing.DATAGRAM);
    }

    @Override
    public void send(Packet p) {
        byte[] data = p.data();
        if (p.marker()) {
            byte[] framed = new byte[MARKER.length + data.length];
            System.arraycopy(MARKER, 0, framed, 0, MARKER.length);
            System.arraycopy(data, 0, framed, MARKER.length, data.length);
            data = framed;
        }
        sendRaw(p.local(), p.remote(), data, 0, data.length);
    }

    /** Sends an ESP-in-UDP datagram (the data plane's output). */
    @Override
    public void sendEsp(InetSocketAddress local, InetSocketAddress remote, byte[] buf, int off, int len) {
        sendRaw(local, remote, buf, off, len);
    }

    private void sendRaw(InetSocketAddress local, InetSocketAddress remote, byte[] buf, int off, int len) {
        Bound b = sockets.get(local);
        if (b == null) {
            b = byPort(local.getPort());
        }
        if (b == null) {
            LOG.fine(() -> "no socket for " + local);
            return;
        }
        DatagramChannel ch = b.channel();
        if (ch != null) {
            try {
                // non-blocking: 0 when the send buffer has no room, then the event loop queues it
                if (ch.send(ByteBuffer.wrap(buf, off, len), remote) > 0) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // e.g. no route, closed, an address of the other family: the event loop's send
                // would fail the same way (and drop the datagram)
                LOG.fine(() -> "UDP send to " + remote + ": " + e.getMessage());
                return;
            }
        }
        b.socket().send(Buffer.buffer(len).appendBytes(buf, off, len), remote.getPort(),
                remote.getAddress().getHostAddress());
    }

    private Bound byPort(int port) {
        for (Map.Entry<InetSocketAddress, Bound> e : sockets.entrySet()) {
            if (e.getKey().getPort() == port) {
                return e.getValue();
            }
        }
        return null;
    }

    public Future<Void> close() {
        List<Future<Void>> fs = new ArrayList<>();
        for (Bound b : sockets.values()) {
            fs.add(b.socket().close());
        }
        sockets.clear();
        return Future.all(fs).mapEmpty();
    }
}
