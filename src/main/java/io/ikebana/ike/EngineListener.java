package io.ikebana.ike;

/**
 * Events of the engine for the client, the admin API and tests. Called on the engine's lanes:
 * implementations must be quick and must not keep or modify the SA they are shown.
 */
public interface EngineListener {

    default void established(IkeSa sa) {
    }

    default void deleted(IkeSa sa, String reason) {
    }

    default void childInstalled(IkeSa sa, ChildSaState child) {
    }

    default void childDeleted(IkeSa sa, ChildSaState child) {
    }

    /** Our own IKE_SA_INIT/IKE_AUTH as initiator failed. */
    default void handshakeFailed(long localSpi, String reason) {
    }

    /** The IKE SA {@code from} was replaced by {@code to} (IKE SA rekey). */
    default void rekeyed(IkeSa from, IkeSa to) {
    }
}
