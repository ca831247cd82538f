package io.ikebana.esp.io;

/** Receives inner IP packets read from a {@link PacketIo} device. */
@FunctionalInterface
public interface InnerPacketHandler {

    /**
     * One IP packet in {@code buf[off, off + len)}. The buffer belongs to the caller and is reused
     * after return; calls come from one thread at a time.
     */
    void onPacket(byte[] buf, int off, int len);
}
