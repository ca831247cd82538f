package io.ikebana.client;

import io.ikebana.transport.tcp.TcpLimits;

/**
 * How the client uses TCP encapsulation (RFC 9329, not negotiated: configured on both ends).
 *
 * @param mode UDP only, TCP only, or UDP first with fallback to TCP (§5.1)
 * @param port the gateway's TCP port (RFC 9329 §2: 4500)
 * @param udpTries with fallback: unanswered IKE_SA_INIT retransmissions over UDP before starting
 *        over in TCP with a new SPIi (§5.1: retransmit at least once)
 */
public record TcpOptions(Mode mode, int port, int udpTries, TcpLimits limits) {

    public enum Mode { UDP, TCP, FALLBACK }

    public TcpOptions {
        if (mode != Mode.UDP && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("TCP port " + port);
        }
        if (mode == Mode.FALLBACK && udpTries < 1) {
            throw new IllegalArgumentException("fallback needs at least one UDP retransmission (RFC 9329 §5.1)");
        }
    }

    public static TcpOptions udpOnly() {
        return new TcpOptions(Mode.UDP, 0, 0, TcpLimits.defaults());
    }

    public static TcpOptions tcp(int port) {
        return new TcpOptions(Mode.TCP, port, 0, TcpLimits.defaults());
    }

    public static TcpOptions fallback(int port, int udpTries) {
        return new TcpOptions(Mode.FALLBACK, port, udpTries, TcpLimits.defaults());
    }
}
