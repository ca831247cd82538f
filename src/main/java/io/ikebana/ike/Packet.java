package io.ikebana.ike;

import java.net.InetSocketAddress;

/**
 * One IKE datagram as the engine sees it: the IKE message octets (no non-ESP marker), where it
 * came in or goes out, and whether it travels with the non-ESP marker (RFC 3948 §2.2, the NAT-T
 * framing). {@code tcp} is set for RFC 9329 streams, where the transport picks the connection.
 */
public record Packet(InetSocketAddress local, InetSocketAddress remote, byte[] data, boolean marker, boolean tcp) {

    public Packet(InetSocketAddress local, InetSocketAddress remote, byte[] data, boolean marker) {
        this(local, remote, data, marker, false);
    }

    public Packet reply(byte[] out) {
        return new Packet(local, remote, out, marker, tcp);
    }
}
