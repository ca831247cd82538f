package io.ikebana.transport.tcp;

import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.task.AnnounceAddressesExchange;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Moving an IKE SA in TCP to another member (redirect-fragmentation-tcp.md C.5). The target, a TCP
 * Responder, cannot open a stream to the client (RFC 9329 §6.1), so a move of a TCP SA is:
 * <ol>
 *   <li>{@link #announce}: the source member, still the owner, tells the client the target's
 *       address in the client's stream (MOBIKE, RFC 4555 §3.6: N(ADDITIONAL_IP4/6_ADDRESS));</li>
 *   <li>the target adopts the SA ({@code IkeEngine.adopt(spi, source, Adoption.MOVE)}); its address
 *       update waits for a stream;</li>
 *   <li>once the target owns the SA, the source releases it ({@code IkeEngine.release}) and closes
 *       the stream ({@link TcpServer#close}). The client reconnects to
 *       the announced address and sends UPDATE_SA_ADDRESSES there (RFC 9329 §6.1); the target
 *       follows the new stream, sends what waited (§6.2) and re-creates the Child SAs.</li>
 * </ol>
 * {@code cluster.ClusterOperations} runs these steps for moves, drains and rebalances of SAs in
 * TCP. A redirected client (RFC 5685, in IKE_SA_INIT) needs none of this: its next message goes to the
 * new gateway, which opens a new stream.
 */
public final class TcpHandOver {

    private TcpHandOver() {
    }

    /** Step 1, on the source member: completes when the client acknowledged the address. */
    public static CompletableFuture<Void> announce(IkeEngine source, long spi, InetAddress target) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        source.initiate(spi, new AnnounceAddressesExchange(List.of(target), () -> done.complete(null)));
        return done;
    }
}
