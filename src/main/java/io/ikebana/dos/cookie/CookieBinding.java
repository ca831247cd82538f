package io.ikebana.dos.cookie;

import io.ikebana.dos.Transport;
import java.net.InetAddress;
import java.util.Objects;

/**
 * What a cookie is bound to: {@code Ni | IPi | SPIi} of RFC 7296 §2.6. Not KEi, so the initiator
 * may keep its cookie across an INVALID_KE_PAYLOAD retry (RFC 7296 §2.6.1); not the local address,
 * so a member behind a different NAT/VIP mapping still validates it; the port only over UDP and
 * only when configured (never over TCP, RFC 9329 §6.3).
 *
 * @param nonceI    Ni, the Nonce payload body of the request
 * @param initiator IPi, the source address
 * @param spiI      SPIi from the IKE header
 * @param port      the initiator's source port
 * @param transport how the request arrived
 */
public record CookieBinding(byte[] nonceI, InetAddress initiator, long spiI, int port, Transport transport) {

    public CookieBinding {
        Objects.requireNonNull(nonceI, "nonceI");
        Objects.requireNonNull(initiator, "initiator");
        Objects.requireNonNull(transport, "transport");
    }
}
