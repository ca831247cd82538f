package io.ikebana.transport;

import java.net.InetSocketAddress;

/** Where the transport hands ESP-in-UDP payloads (RFC 3948): the data plane. */
@FunctionalInterface
public interface EspInput {
    void onEsp(InetSocketAddress remote, InetSocketAddress local, byte[] buf, int off, int len);

    EspInput DROP = (r, l, b, o, n) -> { };
}
