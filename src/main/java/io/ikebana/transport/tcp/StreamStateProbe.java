package io.ikebana.transport.tcp;

import java.net.InetSocketAddress;

/**
 * The IKE state behind one of a stream's SPIs, as the listener's clean-up needs it (RFC 9329
 * §6.1: a responder may close a stream no longer associated with an active IKE SA).
 */
@FunctionalInterface
public interface StreamStateProbe {

    enum State {
        /** No IKE state: never established, failed, or deleted. */
        NONE,
        /** Negotiating here, or established here and sending on this stream. */
        HERE,
        /** The SA lives on, but on another stream or another member. */
        ELSEWHERE
    }

    State state(long localSpi, InetSocketAddress streamRemote);
}
