package io.ikebana.esp;

import java.net.InetSocketAddress;

/** Port to the UDP transport: sends one ESP-in-UDP payload (RFC 3948 §2.1). */
@FunctionalInterface
public interface EspSender {

    /**
     * Sends {@code buf[off, off + len)} (starting at the SPI) as the payload of one UDP datagram
     * from {@code local} to {@code remote}. Called from the packet device's reader thread: must not
     * block, and must copy or finish with {@code buf} before returning (the data plane reuses it).
     */
    void send(InetSocketAddress local, InetSocketAddress remote, byte[] buf, int off, int len);
}
