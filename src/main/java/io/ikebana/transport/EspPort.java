package io.ikebana.transport;

import java.net.InetSocketAddress;

/**
 * What the data plane needs from the transports: where inbound ESP goes, and a way to send an
 * ESP packet between two endpoints (UDP-encapsulated per RFC 3948, or in the SA's TCP stream per
 * RFC 9329). Implemented by {@link UdpTransport} alone and by {@link Transports} for UDP and TCP.
 */
public interface EspPort {

    void esp(EspInput input);

    /** Sends {@code buf[off, off + len)} (starting at the SPI); must not block or keep {@code buf}. */
    void sendEsp(InetSocketAddress local, InetSocketAddress remote, byte[] buf, int off, int len);
}
