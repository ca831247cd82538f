package io.ikebana.esp.io;

/**
 * The device inner IP packets come from and go to: a TUN interface on Linux
 * ({@link TunPacketIo}), or memory in tests and benchmarks ({@link MemoryPacketIo}).
 */
public interface PacketIo extends AutoCloseable {

    /**
     * Starts delivering packets read from the device to {@code handler}. Calls to the handler never
     * overlap (one reader thread). Call once.
     */
    void start(InnerPacketHandler handler);

    /**
     * Writes one inner IP packet to the device. Thread-safe, called concurrently by the UDP receive
     * threads; never waits for the reader. {@code buf} is not kept after return.
     *
     * @return false if the device refused the packet
     */
    boolean write(byte[] buf, int off, int len);

    /** Stops the reader and releases the device. */
    @Override
    void close();
}
