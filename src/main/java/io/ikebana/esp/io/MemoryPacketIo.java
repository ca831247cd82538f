package io.ikebana.esp.io;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@link PacketIo} in memory, for tests and benchmarks. {@link #inject} plays the device's read side
 * (the handler runs on the calling thread, so callers must not inject concurrently); packets the
 * data plane writes go to a sink, by default a queue read with {@link #poll()}.
 */
public final class MemoryPacketIo implements PacketIo {

    private final InnerPacketHandler sink;
    private final Queue<byte[]> written = new ConcurrentLinkedQueue<>();
    private volatile InnerPacketHandler handler;
    private volatile boolean closed;

    /** Keeps copies of written packets for {@link #poll()}. */
    public MemoryPacketIo() {
        this.sink = null;
    }

    /** Hands written packets to {@code sink} without copying (the buffer is the data plane's). */
    public MemoryPacketIo(InnerPacketHandler sink) {
        this.sink = sink;
    }

    @Override
    public void start(InnerPacketHandler h) {
        if (handler != null) {
            throw new IllegalStateException("already started");
        }
        handler = h;
    }

    /** As if the device had read this packet from the kernel. */
    public void inject(byte[] buf, int off, int len) {
        InnerPacketHandler h = handler;
        if (h == null || closed) {
            throw new IllegalStateException("not started or closed");
        }
        h.onPacket(buf, off, len);
    }

    public void inject(byte[] packet) {
        inject(packet, 0, packet.length);
    }

    @Override
    public boolean write(byte[] buf, int off, int len) {
        if (closed) {
            return false;
        }
        if (sink != null) {
            sink.onPacket(buf, off, len);
        } else {
            written.add(Arrays.copyOfRange(buf, off, off + len));
        }
        return true;
    }

    /** The oldest packet written and not yet polled, or null. */
    public byte[] poll() {
        return written.poll();
    }

    @Override
    public void close() {
        closed = true;
    }
}
