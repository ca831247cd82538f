package io.ikebana.ike;

import io.ikebana.wire.IkeMessage;
import java.net.InetSocketAddress;

/**
 * The denial-of-service guard's view from the engine (RFC 7296 §2.6, RFC 8019): consulted for
 * each IKE_SA_INIT request before any state is created, and told about the half-open life cycle.
 */
public interface InitGuard {

    sealed interface Decision {
        record Accept(int priority) implements Decision {
        }

        /** Answer N(COOKIE) (and N(PUZZLE) when puzzle is non-null) without creating state. */
        record Challenge(byte[] cookie, byte[] puzzle) implements Decision {
        }

        record Drop(String reason) implements Decision {
        }
    }

    /** Decides on a well-formed IKE_SA_INIT request. {@code tcp}: RFC 9329 transport. */
    Decision admit(Packet packet, IkeMessage request);

    default void halfOpenCreated(InetSocketAddress peer) {
    }

    default void halfOpenRemoved(InetSocketAddress peer) {
    }

    /** Half-open retention, shrinking under load. */
    default long halfOpenTimeoutMillis(long configured) {
        return configured;
    }

    InitGuard ACCEPT_ALL = (p, m) -> new Decision.Accept(0);
}
