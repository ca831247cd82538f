package io.ikebana.ike;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * RFC 7296 §2.4 INITIAL_CONTACT: the peer has no other IKE SA with us, so the ones we still hold
 * for its identity, on any member, are deleted. Finding them is a cluster-wide query over the
 * store's identity index; the SAs established with the notification ask for it together, one
 * query per {@link #BATCH_MILLIS}, instead of one query per IKE_AUTH (the query was a tenth of
 * the CPU of setting up an IKE SA: docs/benchmarks.md). The usual answer is "none".
 *
 * <p>An SA found is deleted only if it was created before the SA that carried the notification:
 * a second SA that the same peer set up in the meantime (strongSwan sends INITIAL_CONTACT on its
 * first IKE SA with a peer only) stays.
 */
final class InitialContacts {
    private static final Logger LOG = Logger.getLogger(InitialContacts.class.getName());

    /** How long an established SA's request waits for others to share its query. */
    static final long BATCH_MILLIS = 20;

    private final IkeEngine engine;
    private final Object lock = new Object();
    /** Identity -> creation time of its newest SA that carried INITIAL_CONTACT, and those SAs. */
    private Map<Identity, Long> cutoffs = new HashMap<>();
    private Set<Long> carriers = new HashSet<>();

    InitialContacts(IkeEngine engine) {
        this.engine = engine;
    }

    /** The IKE SA {@code sa}, just established, carried INITIAL_CONTACT. */
    void add(IkeSa sa) {
        boolean first;
        synchronized (lock) {
            first = cutoffs.isEmpty();
            cutoffs.merge(sa.remoteId(), sa.createdMillis(), Math::max);
            carriers.add(sa.localSpi());
        }
        if (first) {
            long key = sa.localSpi();
            engine.scheduler().schedule(BATCH_MILLIS,
                    () -> engine.lanes().submit(key, Lanes.Priority.NORMAL, this::flush));
        }
    }

    private void flush() {
        Map<Identity, Long> batch;
        Set<Long> fresh;
        synchronized (lock) {
            batch = cutoffs;
            fresh = carriers;
            cutoffs = new HashMap<>();
            carriers = new HashSet<>();
        }
        if (batch.isEmpty()) {
            return;
        }
        List<Long> found;
        try {
            found = engine.store().findByRemoteIdentities(new ArrayList<>(batch.keySet()));
        } catch (RuntimeException e) {
            // the store cannot serve now (e.g. a minority member): the old SAs stay until their
            // peer's liveness check or lifetime ends them
            LOG.log(Level.WARNING, "INITIAL_CONTACT: old IKE SAs of " + batch.size()
                    + " peer(s) not looked up: " + e.getMessage());
            return;
        }
        for (long spi : found) {
            if (!fresh.contains(spi)) {
                engine.deleteIfCreatedBefore(spi, batch, "INITIAL_CONTACT");
            }
        }
    }
}
