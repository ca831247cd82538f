package io.ikebana.ike;

import io.ikebana.wire.IkeMessage;
import java.net.InetSocketAddress;

/**
 * What the engine asks of the cluster (placement and the member's own addresses). The single
 * node implementation never redirects.
 */
public interface ClusterHooks {

    /** A member to redirect this new client to (RFC 5685), or null to serve it here. */
    default InetSocketAddress redirectTarget(Packet packet, IkeMessage initRequest) {
        return null;
    }

    /**
     * Where this member talks to the SA's peer from: its own public address and the port the
     * SA uses (NAT-T port for encapsulated SAs). A single node keeps the SA's current one.
     */
    default InetSocketAddress localEndpoint(IkeSa sa) {
        return sa.local();
    }

    /** A peer cloned one of its IKE SAs here (RFC 7791); the cluster may move the clone. */
    default void cloned(IkeSa clone) {
    }

    /** Called for every authenticated request on an SA (after its message ID checks). */
    /**
     * Child SAs were installed on this member for an IKE SA that another member owns: the peer's
     * request reached this member while the SA moved away. The owner should re-create them.
     */
    default void strayChildren(IkeSa sa) {
    }

    default void touched(IkeSa sa, Packet packet) {
    }

    /** True when the SA's peer talks to us over TCP (RFC 9329). */
    default boolean isTcp(IkeSa sa) {
        return sa.has(IkeExtension.TCP);
    }

    ClusterHooks SINGLE_NODE = new ClusterHooks() {
    };
}
