package io.ikebana.transport.tcp;

import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.Packet;
import io.ikebana.transport.EspInput;
import io.vertx.core.Future;
import java.net.InetSocketAddress;

/**
 * One side of RFC 9329 as {@link io.ikebana.transport.Transports} sees it: the gateway's
 * listener ({@link TcpServer}, the TCP Responder) or the client's streams ({@link TcpClient},
 * the TCP Originator). Sending may happen from any thread and never blocks.
 */
public interface TcpPort {

    void engine(IkeEngine engine);

    void esp(EspInput input);

    /** Sends an IKE message in the stream named by the packet's endpoints (with the non-ESP marker). */
    void send(Packet p);

    /** Sends an ESP packet ({@code buf[off, off + len)}, starting at its SPI) in the stream between the endpoints. */
    void sendEsp(InetSocketAddress local, InetSocketAddress remote, byte[] buf, int off, int len);

    Future<Void> close();
}
