package io.ikebana.ike;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * RFC 9329 §6.1 and §6.2 for an IKE SA in TCP. The TCP Responder sends an SA's IKE and ESP on the
 * stream where it last received a valid message (decrypted, authenticated, not a retransmission,
 * within the Message-ID window); the transports name a stream by its endpoints, so following a
 * stream means moving the SA's (and its Child SAs') endpoints. A request of ours still waiting
 * for its response is sent again at once on the new stream (the originator reconnected).
 */
final class TcpStreams {

    private TcpStreams() {
    }

    /** Called with a valid message on the SA (before the exchange is processed). */
    static void follow(IkeEngine engine, ExchangeContext ctx, Packet p) {
        IkeSa sa = ctx.sa();
        if (!p.tcp() || !sa.has(IkeExtension.TCP) || (p.remote().equals(sa.remote()) && p.local().equals(sa.local()))) {
            return;
        }
        InetSocketAddress local = p.local();
        InetSocketAddress remote = p.remote();
        sa.endpoints(local, remote);
        // the Child SAs follow now, not after the commit: once the record shows the new stream, a
        // packet answered through the data plane must not go to the old one (the SA stays in TCP,
        // so the transports' routing of its ESP does not change with this commit)
        engine.dataPlane().updateEndpoints(sa.localSpi(), local, remote);
        LocalSa l = ctx.local();
        if (l.pending != null && l.pendingPackets != null) {
            List<byte[]> again = l.pendingPackets;
            ctx.afterCommit(() -> {
                for (byte[] b : again) {
                    engine.send(new Packet(local, remote, b, true, true));
                }
            });
        }
    }
}
