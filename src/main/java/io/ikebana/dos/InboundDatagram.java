package io.ikebana.dos;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One inbound IKE message as the transport sees it, before any parsing. {@code buffer[offset ..
 * offset+length)} starts at the IKE header: the transport strips the non-ESP marker of port 4500
 * (RFC 3948 §2.2) and the TCP length prefix (RFC 9329 §3). The buffer is read, never kept.
 */
public record InboundDatagram(
        InetAddress source,
        int sourcePort,
        InetAddress local,
        Transport transport,
        byte[] buffer,
        int offset,
        int length) {

    public InboundDatagram {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(buffer, "buffer");
        Objects.checkFromIndexSize(offset, length, buffer.length);
    }

    public InboundDatagram(InetAddress source, int sourcePort, InetAddress local, Transport transport,
            byte[] message) {
        this(source, sourcePort, local, transport, message, 0, message.length);
    }
}
