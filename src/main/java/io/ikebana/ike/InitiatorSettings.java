package io.ikebana.ike;

import io.ikebana.policy.PeerPolicy;
import io.ikebana.wire.payload.TrafficSelector;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * How our client connects: where to, as whom, what to ask for. {@code peer} describes the
 * gateway (its identity, how it authenticates, the PSK or trusted CAs).
 *
 * @param requestVirtualIp send CP(CFG_REQUEST) for an IPv4 address (and IPv6 if {@code ipv6})
 * @param localTs our side of the Child SA (ignored when a virtual IP is requested)
 * @param remoteTs the gateway's side
 * @param child false for an IKE SA without a Child SA (RFC 6023 style)
 * @param tcp the IKE SA runs in a TCP stream (RFC 9329); {@code local} then names the stream
 * @param udpTries over UDP, give up IKE_SA_INIT with {@link #NO_UDP_ANSWER} after this many
 *        unanswered retransmissions, so the caller can fall back to TCP (RFC 9329 §5.1); 0: the
 *        engine's normal retransmission limit
 */
public record InitiatorSettings(InetSocketAddress gateway, InetSocketAddress local, PeerPolicy peer,
        boolean requestVirtualIp, boolean ipv6, List<TrafficSelector> localTs, List<TrafficSelector> remoteTs,
        boolean child, boolean initialContact, boolean mobike, boolean tcp, int udpTries) {

    /** The handshake-failed reason after {@code udpTries} unanswered IKE_SA_INIT retransmissions. */
    public static final String NO_UDP_ANSWER = "no answer over UDP";

    /** Over UDP, with the engine's retransmission limit. */
    public InitiatorSettings(InetSocketAddress gateway, InetSocketAddress local, PeerPolicy peer,
            boolean requestVirtualIp, boolean ipv6, List<TrafficSelector> localTs, List<TrafficSelector> remoteTs,
            boolean child, boolean initialContact, boolean mobike) {
        this(gateway, local, peer, requestVirtualIp, ipv6, localTs, remoteTs, child, initialContact, mobike, false, 0);
    }

    /** The same, in the TCP stream {@code stream} to {@code tcpGateway}. */
    public InitiatorSettings overTcp(InetSocketAddress tcpGateway, InetSocketAddress stream) {
        return new InitiatorSettings(tcpGateway, stream, peer, requestVirtualIp, ipv6, localTs, remoteTs, child,
                initialContact, mobike, true, 0);
    }

    /** The same over UDP, giving up after {@code tries} unanswered IKE_SA_INIT retransmissions. */
    public InitiatorSettings withUdpTries(int tries) {
        return new InitiatorSettings(gateway, local, peer, requestVirtualIp, ipv6, localTs, remoteTs, child,
                initialContact, mobike, false, tries);
    }
}
