package io.ikebana.ike;

import io.ikebana.wire.IkeMessage;
import java.net.InetSocketAddress;

/**
 * The denial-of-service guard as the engine sees it (RFC 7296 §2.6, RFC 8019): it screens every
 * inbound message, decides on each IKE_SA_INIT request before any state exists, hears about the
 * half-open life cycle, and may ask for an IKE_AUTH puzzle.
 */
public interface InitGuard {

    /** Lane priority of accepted IKE_SA_INIT work: below IKE_AUTH and timers, then by rank. */
    int INIT_BASE_PRIORITY = 3;

    sealed interface Decision {
        /** Go ahead; {@code rank} orders accepted work (0 first: solved puzzles, then cookies). */
        record Accept(int rank, byte[] authPuzzle) implements Decision {
        }

        /** Answer N(COOKIE), and N(PUZZLE) when {@code puzzle} is not null, without state. */
        record Challenge(byte[] cookie, byte[] puzzle) implements Decision {
        }

        record Drop(String reason) implements Decision {
        }
    }

    /** Raw checks on any inbound IKE message before it is queued; false drops it silently. */
    default boolean screen(Packet packet) {
        return true;
    }

    /** Decides on a well-formed IKE_SA_INIT request that is not a retransmission. */
    Decision admit(Packet packet, IkeMessage request);

    default void halfOpenCreated(Packet packet, IkeMessage request) {
    }

    /**
     * Asked right before the D-H work of an accepted request: whether a half-open SA may still be
     * created (accepted work may have queued past the cap while others were created).
     */
    default boolean halfOpenRoom() {
        return true;
    }

    default void halfOpenRemoved(InetSocketAddress peer) {
    }

    /** Half-open retention for this peer, shrinking under load (RFC 8019 §4.1). */
    default long halfOpenTimeoutMillis(InetSocketAddress peer, long configured) {
        return configured;
    }

    /**
     * For an SA that was given an IKE_AUTH puzzle: checks the PS payload data (null if absent)
     * before any expensive work; false drops the IKE_AUTH request silently (RFC 8019 §7.2.4).
     */
    default boolean checkAuthPuzzle(byte[] puzzle, byte[] nr, long spiR, byte[] ps) {
        return true;
    }

    /** An IKE_AUTH request failed its integrity check: an attack indicator (RFC 8019 §7.2). */
    default void ikeAuthFailed(InetSocketAddress peer) {
    }

    InitGuard ACCEPT_ALL = (p, m) -> new Decision.Accept(0, null);
}
