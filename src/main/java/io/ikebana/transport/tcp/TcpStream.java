package io.ikebana.transport.tcp;

import io.ikebana.transport.Classifier;
import io.ikebana.transport.InboundDemux;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One TCP connection carrying RFC 9329 frames, either side: decodes what arrives and passes each
 * frame through the shared {@link InboundDemux}, counts garbage, remembers when it last heard
 * something and which IKE SPIs (ours) it carried, and writes frames with a bounded queue.
 * Inbound work runs on the socket's event loop; {@link #write} and {@link #close} may be called
 * from any thread.
 */
final class TcpStream {
    private static final int MAX_SPIS = 8;

    private final NetSocket socket;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final StreamDecoder decoder;
    private final InboundDemux demux;
    private final TcpLimits limits;
    private final TcpMetrics metrics;
    private final Consumer<TcpStream> onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Octets handed to the socket and not yet written to the kernel (our own bound: Vert.x's
     *  writeQueueFull() counts messages queued from other threads, 16 at most). */
    private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
    private final LinkedHashSet<Long> spis = new LinkedHashSet<>();
    final long openedNanos = System.nanoTime();
    private volatile long lastInboundNanos = openedNanos;
    private volatile long partialSinceNanos;
    private volatile boolean sawMessage;
    private volatile CloseReason closeReason;
    private int garbageRun;
    volatile long nextProbeNanos;

    TcpStream(NetSocket socket, InetSocketAddress local, InetSocketAddress remote, StreamDecoder decoder,
            InboundDemux demux, TcpLimits limits, TcpMetrics metrics, Consumer<TcpStream> onClosed) {
        this.socket = socket;
        this.local = local;
        this.remote = remote;
        this.decoder = decoder;
        this.demux = demux;
        this.limits = limits;
        this.metrics = metrics;
        this.onClosed = onClosed;
    }

    /** Installs the handlers; call on the socket's event loop, in its connect handler. */
    void start() {
        socket.handler(this::onData);
        socket.closeHandler(v -> close(CloseReason.PEER_CLOSED));
        socket.exceptionHandler(e -> close(CloseReason.ERROR));
    }

    InetSocketAddress local() {
        return local;
    }

    InetSocketAddress remote() {
        return remote;
    }

    private void onData(Buffer data) {
        if (closed.get()) {
            return;
        }
        byte[] b = data.getBytes();
        long now = System.nanoTime();
        lastInboundNanos = now;
        CloseReason r = decoder.feed(b, 0, b.length, this::frame);
        if (r != null) {
            close(r);
            return;
        }
        if (decoder.midFrame()) {
            if (partialSinceNanos == 0) {
                partialSinceNanos = now;
            }
        } else {
            partialSinceNanos = 0;
        }
    }

    private CloseReason frame(byte[] b, int off, int len) {
        if (closed.get()) {
            return CloseReason.LOCAL;
        }
        if (len >= 4 + 28 && b[off] == 0 && b[off + 1] == 0 && b[off + 2] == 0 && b[off + 3] == 0) {
            learn(b, off + 4, true);
        }
        // counted as a first message while it is being delivered (the first delivery can be slow)
        boolean sawBefore = sawMessage;
        sawMessage = true;
        Classifier.Kind k = demux.deliver(local, remote, b, off, len, Classifier.Framing.STREAM);
        if (k == Classifier.Kind.GARBAGE || k == Classifier.Kind.KEEPALIVE) {
            sawMessage = sawBefore;
        }
        if (k == Classifier.Kind.GARBAGE) {
            metrics.dropped(TcpMetrics.Drop.GARBAGE);
            // RFC 9329 §6.1: too many messages that are neither IKE nor ESP mean a corrupt stream
            return ++garbageRun > limits.maxGarbageFrames() ? CloseReason.GARBAGE : null;
        }
        garbageRun = 0;
        if (k == Classifier.Kind.KEEPALIVE) {
            // RFC 9329 §6.6: silently dropped, not an error
            metrics.dropped(TcpMetrics.Drop.KEEPALIVE);
        } else {
            metrics.received(k != Classifier.Kind.ESP);
        }
        return null;
    }

    /** Records our SPI from an IKE header at {@code b[h]}, inbound (from the peer) or outbound (ours). */
    void learn(byte[] b, int h, boolean inbound) {
        boolean senderIsOriginalInitiator = (b[h + 19] & 0x08) != 0;
        // we are the original initiator when the peer's message lacks the I flag, or ours has it
        boolean ourSpiIsI = inbound != senderIsOriginalInitiator;
        long spi = 0;
        for (int i = ourSpiIsI ? 0 : 8, end = i + 8; i < end; i++) {
            spi = (spi << 8) | (b[h + i] & 0xff);
        }
        if (spi != 0) {
            addSpi(spi);
        }
    }

    void addSpi(long spi) {
        synchronized (spis) {
            if (spis.remove(spi) || spis.size() < MAX_SPIS) {
                spis.add(spi);
                return;
            }
            spis.remove(spis.iterator().next());
            spis.add(spi);
        }
    }

    boolean hasSpi(long spi) {
        synchronized (spis) {
            return spis.contains(spi);
        }
    }

    List<Long> spis() {
        synchronized (spis) {
            return new ArrayList<>(spis);
        }
    }

    /** Queues a frame; false (and counted) when the stream is closed or its write queue is full. */
    boolean write(Buffer frame) {
        if (closed.get()) {
            metrics.dropped(TcpMetrics.Drop.NO_STREAM);
            return false;
        }
        int n = frame.length();
        if (queued.addAndGet(n) > limits.writeQueueBytes()) {
            queued.addAndGet(-n);
            metrics.dropped(TcpMetrics.Drop.WRITE_QUEUE_FULL);
            return false;
        }
        socket.write(frame).onComplete(ar -> queued.addAndGet(-n));
        return true;
    }

    /** Why this stream should be closed now, or null (the listener's periodic check). */
    CloseReason check(long now, StreamStateProbe probe) {
        if (!sawMessage && now - openedNanos > limits.firstMessageMillis() * 1_000_000) {
            return CloseReason.NO_FIRST_MESSAGE;
        }
        long partial = partialSinceNanos;
        if (partial != 0 && now - partial > limits.partialFrameMillis() * 1_000_000) {
            return CloseReason.PARTIAL_FRAME;
        }
        if (now - lastInboundNanos <= limits.statelessIdleMillis() * 1_000_000 || now < nextProbeNanos) {
            return null;
        }
        boolean elsewhere = false;
        for (long spi : spis()) {
            StreamStateProbe.State s = probe.state(spi, remote);
            if (s == StreamStateProbe.State.HERE) {
                nextProbeNanos = now + limits.statelessIdleMillis() * 1_000_000;
                return null;
            }
            elsewhere |= s == StreamStateProbe.State.ELSEWHERE;
        }
        // RFC 9329 §6.1, §6.3.1: no active IKE SA on this stream: close it after a short silence
        return elsewhere ? CloseReason.REPLACED : CloseReason.STATELESS_IDLE;
    }

    boolean isClosed() {
        return closed.get();
    }

    CloseReason closeReason() {
        return closeReason;
    }

    /** Closes once (counted by reason); later calls do nothing. */
    void close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        metrics.closed(reason);
        if (reason != CloseReason.PEER_CLOSED) {
            socket.close();
        }
        onClosed.accept(this);
    }

    @Override
    public String toString() {
        return "TcpStream[" + local + " <-> " + remote + (closed.get() ? " closed " + closeReason : "") + "]";
    }
}
