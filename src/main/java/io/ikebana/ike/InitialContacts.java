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
 * <p>An SA found is deleted only if it was created before the newest SA of its peer that carried
 * the notification: that one stays, and so does a second SA that the same peer set up in the
 * meantime (strongSwan sends INITIAL_CONTACT on its first IKE SA with a peer only); an older SA
 * that carried it too goes, as it would without the batching.
 */
final class InitialContacts {
    private static final Logger LOG = Logger.getLogger(InitialContacts.class.getName());

    /**
     * How long an established SA's request waits for others to share its query. The old SAs are
     * stale either way (their peer has restarted); 100 ms later changes nothing for the peer, and
     * at 600 IKE SAs per second one query serves ~60 of them instead of ~12 (20 ms).
     */
    static final long BATCH_MILLIS = 100;

    private final IkeEngine engine;
    private final Object lock = new Object();
    /** Identity -> its newest SA that carried INITIAL_CONTACT. */
    private Map<Identity, Carrier> newest = new HashMap<>();

    /** An SA that carried INITIAL_CONTACT: what is older than it goes. */
    record Carrier(long localSpi, long createdMillis) {
        static Carrier newer(Carrier a, Carrier b) {
            return b.createdMillis > a.createdMillis ? b : a;
        }
    }

    InitialContacts(IkeEngine engine) {
        this.engine = engine;
    }

    /** The IKE SA {@code sa}, just established, carried INITIAL_CONTACT. */
    void add(IkeSa sa) {
        boolean first;
        synchronized (lock) {
            first = newest.isEmpty();
            newest.merge(sa.remoteId(), new Carrier(sa.localSpi(), sa.createdMillis()), Carrier::newer);
        }
        if (first) {
            long key = sa.localSpi();
            engine.scheduler().schedule(BATCH_MILLIS,
                    () -> engine.lanes().submit(key, Lanes.Priority.NORMAL, this::flush));
        }
    }

    private void flush() {
        Map<Identity, Carrier> batch;
        synchronized (lock) {
            batch = newest;
            newest = new HashMap<>();
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
        // each peer's newest carrier finds itself: it stays without a look at its record
        Set<Long> carriers = new HashSet<>();
        batch.values().forEach(c -> carriers.add(c.localSpi()));
        for (long spi : found) {
            if (!carriers.contains(spi)) {
                engine.deleteIfCreatedBefore(spi, batch, "INITIAL_CONTACT");
            }
        }
    }
}
