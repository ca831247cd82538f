package io.ikebana.store;

import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import java.util.List;
import java.util.function.Predicate;

/**
 * Established IKE SAs, keyed by the SPI this side chose (strongSwan's ike_sa_manager, made
 * cluster-wide). One message is processed per check-out: {@link #checkout} grants a lease, and
 * {@link #checkin} writes back only while the lease (and the version it fenced) still holds.
 * Methods may block (a network round trip for the Hazelcast store): never call them on an event
 * loop.
 */
public interface SaStore {

    sealed interface Checkout {
        record Ok(IkeSa sa) implements Checkout {
        }

        /** Another message of this SA is being processed: drop this one (a duplicate). */
        record Busy() implements Checkout {
        }

        record NotFound() implements Checkout {
        }
    }

    /** The lease was lost (expired and taken by another member): nothing was written. */
    final class LeaseLostException extends RuntimeException {
        public LeaseLostException(String msg) {
            super(msg, null, false, false);
        }
    }

    /**
     * The store cannot serve now (a cluster member on the minority side of a split, or without
     * the cluster key): nothing was read or written; drop the message.
     */
    final class UnavailableException extends RuntimeException {
        public UnavailableException(String msg, Throwable cause) {
            super(msg, cause, false, false);
        }
    }

    /** Stores a new SA, checked in. False when an SA with that SPI exists already. */
    boolean create(IkeSa sa);

    Checkout checkout(long localSpi);

    /**
     * Check-out for a takeover after {@code deadMember} left the cluster: the lease is granted
     * even if the dead member held it (its lease can never be checked in).
     */
    default Checkout checkoutForTakeover(long localSpi, String deadMember) {
        return checkout(localSpi);
    }

    /** Writes the SA back and ends the lease. */
    void checkin(IkeSa sa);

    /** Ends the lease without writing (nothing changed). */
    void release(IkeSa sa);

    /** Deletes the SA, which must be checked out; atomic with the end of the lease. */
    void checkinAndDestroy(IkeSa sa);

    /** A read-only copy, or null. */
    IkeSa peek(long localSpi);

    /** SPIs of SAs whose remote identity equals {@code id} (INITIAL_CONTACT, RFC 7296 §2.4). */
    List<Long> findByRemoteIdentity(Identity id);

    /** SPIs of SAs whose remote identity is any of {@code ids}: one look-up for several peers. */
    default List<Long> findByRemoteIdentities(java.util.Collection<Identity> ids) {
        List<Long> out = new java.util.ArrayList<>();
        for (Identity id : ids) {
            out.addAll(findByRemoteIdentity(id));
        }
        return out;
    }

    /** Read-only copies of the SAs matching a filter, at most {@code limit}, skipping {@code offset}. */
    List<IkeSa> list(Predicate<IkeSa> filter, int offset, int limit);

    int size();
}
