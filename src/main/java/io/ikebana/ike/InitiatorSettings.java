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
 */
public record InitiatorSettings(InetSocketAddress gateway, InetSocketAddress local, PeerPolicy peer,
        boolean requestVirtualIp, boolean ipv6, List<TrafficSelector> localTs, List<TrafficSelector> remoteTs,
        boolean child, boolean initialContact, boolean mobike) {
}
